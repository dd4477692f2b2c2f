import Logging
import ZoomDashCore
import ZoomDashStorage

/// A source of Zoom data, run on a timer by `zoomdashd` and on demand by `zoomdashctl backfill`.
///
/// Contract: `collect(_:)` brings the store up to date for `context.window` and returns what it did.
/// It must be idempotent and resumable: it may be cancelled at any moment without leaving the store
/// half-written, and running it again for the same window finishes the job without duplicate rows.
/// It throws only when the run achieved nothing (bad credentials, daily limit reached before any work);
/// partial failures are reported in ``CollectionReport/failures`` so the rest of the work still lands.
public protocol Collector: Sendable {
    /// The collector's name in logs, metrics labels and `zoomdashctl status`.
    var name: String { get }

    func collect(_ context: CollectionContext) async throws -> CollectionReport
}

/// What a collector run is asked to do.
public struct CollectionContext: Sendable {
    /// Meetings that started in `[from, to)`, Unix seconds.
    public var from: UnixSeconds
    public var to: UnixSeconds
    public var now: UnixSeconds
    public var logger: Logger
    /// Called as work advances (for progress bars); never required.
    public var progress: (@Sendable (CollectionProgress) -> Void)?
    /// A triggered fetch (a `meeting.ended` webhook): only these meetings, already in the store, so
    /// nothing is listed; `nil` for a regular run over the window.
    public var meetings: [String]?

    public init(
        from: UnixSeconds, to: UnixSeconds, now: UnixSeconds, logger: Logger,
        progress: (@Sendable (CollectionProgress) -> Void)? = nil, meetings: [String]? = nil
    ) {
        self.meetings = meetings
        self.from = from
        self.to = to
        self.now = now
        self.logger = logger
        self.progress = progress
    }
}

public struct CollectionProgress: Sendable, Hashable {
    public enum Phase: String, Sendable { case listing, fetching, analysing }
    public var phase: Phase
    public var meetingsDone: Int
    public var meetingsTotal: Int
    public var apiCalls: Int

    public init(phase: Phase, meetingsDone: Int, meetingsTotal: Int, apiCalls: Int) {
        self.phase = phase
        self.meetingsDone = meetingsDone
        self.meetingsTotal = meetingsTotal
        self.apiCalls = apiCalls
    }
}

/// What a collector run did.
public struct CollectionReport: Sendable, Hashable {
    public var source: DataSource?
    public var meetingsListed = 0
    public var meetingsFetched = 0
    public var rowsAdded = 0
    public var apiCalls = 0
    /// One line per piece of work that failed for good; the next run retries it.
    public var failures: [String] = []
    /// A state the admin should know about that is not a failure of this run (`zoomdashctl status`).
    public var notice: String?

    public init(source: DataSource? = nil) {
        self.source = source
    }

    public var result: CollectorRun.Result { failures.isEmpty ? .ok : .partial }
}
