/// What the daemon's live analysis owes and how long it waits between passes: a pure policy (no
/// clock, no store), so its rules are tested directly.
///
/// Rules: account-level incidents are refreshed after any pass that changed a meeting-level one, after
/// any failed pass (it may have changed some before failing), after a threshold change and once after
/// a start, and stay due until a refresh succeeds; the presence file stays due until written. A pass waits `ratio` times
/// its own duration (between `minimumPause` and `maximumPause`), so analysis takes a bounded share
/// under a flood; after failures it waits 1 s, 2 s, 4 s … up to `maximumRetryPause` instead: short,
/// since what fails is mostly the whole store (a full disk), and the view must catch up within
/// seconds of it recovering.
///
/// Why a twentieth and 10 s: a pass re-derives each due meeting (reading only its new events once the
/// store remembers it, but writing what they changed and its current quarter hour), so much of its
/// cost follows the meetings it meets, not the events that made them due. Under steady load (a school's
/// 1,000 classes at 2,000 events/s) every pass meets nearly every class, and the share the ratio allows
/// is what the analysis costs per event: a fifth of a core (ratio 4, at most 5 s) cost 215-232 µs an
/// event in all, a tenth (9) 167-208, about 50 µs of it the analysis whatever a pass cost
/// (`zoomdash-bench webhook`, docs/benchmarks.md). A twentieth (19) lets a pass meet about twice the
/// events per class under that load. The live view then lags by up to about 10 s under such load, as
/// often as the dashboard's Today page refreshes; a quiet school's passes are short, so they still
/// follow within `minimumPause`.
public struct LiveAnalysisPolicy: Sendable {
    public var minimumPause: Duration = .milliseconds(250)
    public var pauseToPassRatio = 19.0
    public var maximumPause: Duration = .seconds(10)
    public var maximumRetryPause: Duration = .seconds(5)

    public private(set) var accountRefreshDue = false
    public private(set) var presenceDue = false
    /// Failed passes (analysis or publishing) since the last complete one.
    public private(set) var failures = 0
    private var thresholds: AnalysisThresholds

    /// - Parameter resuming: the daemon has just started. A predecessor that crashed or was stopped
    ///   after analysing meetings may not have refreshed the account-level incidents or the presence
    ///   file, so both are due once.
    public init(thresholds: AnalysisThresholds, resuming: Bool = false) {
        self.thresholds = thresholds
        accountRefreshDue = resuming
        presenceDue = resuming
    }

    /// A pass begins with the configuration current now (SIGHUP may have changed it).
    public mutating func passStarts(thresholds current: AnalysisThresholds) {
        if current != thresholds {
            thresholds = current
            accountRefreshDue = true
        }
    }

    public mutating func analysed(meetingIncidentsChanged: Bool, watchedRoomsTouched: Bool) {
        if meetingIncidentsChanged { accountRefreshDue = true }
        if watchedRoomsTouched { presenceDue = true }
    }

    public mutating func accountIncidentsRefreshed() { accountRefreshDue = false }

    /// The pass's meetings go back to the queue; what it may have changed is refreshed later.
    public mutating func analysisFailed() {
        failures += 1
        accountRefreshDue = true
    }

    public mutating func published() {
        presenceDue = false
        failures = 0
    }

    public mutating func publishFailed() { failures += 1 }

    /// How long to wait before the next pass, given how long this one took.
    public func pause(afterPassOf duration: Duration) -> Duration {
        if failures > 0 { return min(maximumRetryPause, .seconds(1 << min(failures - 1, 30))) }
        return min(maximumPause, max(minimumPause, duration * pauseToPassRatio))
    }
}
