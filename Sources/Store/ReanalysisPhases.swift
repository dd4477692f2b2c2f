import Foundation
import ZoomDashCore

/// Where a whole-store re-analysis spent its CPU time, phase by phase (`zoomdashctl reanalyze
/// --timings`). The readers and the stored-fingerprints reader run beside the store's thread, so the
/// phases add up to more than ``wall``.
public struct ReanalysisPhases: Sendable, Hashable, Codable {
    public init() {}
    /// The store's thread before the first session is read: webhook sessions rebuilt from their
    /// events, call quality re-summarised, meeting ends and stored incidents loaded.
    public var prepare: Duration = .zero
    /// Stepping SQLite through every session and building the values the analysis takes, summed
    /// over the threads that read.
    public var read: Duration = .zero
    /// The pure analysis (disconnections, quarter hours, meeting-level incidents), summed likewise.
    public var analyse: Duration = .zero
    /// Threads that read and analysed sessions, the store's own included when it took any meeting.
    public var readingThreads = 0
    /// Reading the fingerprints of the stored derived rows, on a thread of its own.
    public var storedFingerprints: Duration = .zero
    /// The store's thread comparing each meeting's results with what is stored and writing what changed.
    public var write: Duration = .zero
    /// Account-level clustering and the final causes of every incident.
    public var accountIncidents: Duration = .zero
    public var commit: Duration = .zero
    /// From the start of the transaction to the end of its commit, on the wall clock.
    public var wall: Duration = .zero

    /// One line for people: `prepare 0.08 s, read 1.45 s (2 threads), …; 1.10 s wall`.
    public var description: String {
        func s(_ duration: Duration) -> String { String(format: "%.3f s", duration.secondsValue) }
        return "CPU time by phase: prepare \(s(prepare)), read \(s(read)) and analyse \(s(analyse)) on \(readingThreads) threads, "
            + "stored fingerprints \(s(storedFingerprints)), write \(s(write)), account incidents \(s(accountIncidents)), "
            + "commit \(s(commit)); \(s(wall)) wall"
    }
}

/// Laps of one thread's CPU time, each added to the phase it ends. A class, so the closures a
/// re-analysis hands around lap the same one; used only on the thread that made it (it reads that
/// thread's clock), hence `@unchecked Sendable`. A disabled one reads no clock: a thread's CPU clock
/// is a system call, and a re-analysis laps twice a meeting.
final class PhaseStopwatch: @unchecked Sendable {
    private var last: Duration?
    private(set) var phases = ReanalysisPhases()

    init(enabled: Bool) {
        last = enabled ? Self.threadCPUTime() : nil
    }

    var isEnabled: Bool { last != nil }

    func lap(_ phase: WritableKeyPath<ReanalysisPhases, Duration>) {
        guard let last else { return }
        let now = Self.threadCPUTime()
        phases[keyPath: phase] += now - last
        self.last = now
    }

    /// The thread this stopwatch is on read and analysed sessions too.
    func countReadingThread() {
        phases.readingThreads += 1
    }

    /// Adds what other threads measured: their reading, analysing and stored fingerprints.
    func add(_ other: ReanalysisPhases) {
        phases.read += other.read
        phases.analyse += other.analyse
        phases.readingThreads += other.readingThreads
        phases.storedFingerprints += other.storedFingerprints
    }

    static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
