import Foundation
import ZoomDashCore

/// The pure analysis of a whole-store re-analysis, on a thread of its own: while it decodes and
/// analyses one batch of meetings, the store's thread reads the next from SQLite and writes the
/// results of the last, so a re-analysis uses both cores. At most `capacity` batches wait, so
/// memory stays bounded by a few batches, never by the store.
///
/// The analysis cannot fail, so nothing flows back but results; the store's thread always ends
/// with ``finish()``, also when it throws, which lets the thread run out and end.
final class AnalysisWorker: @unchecked Sendable {  // every mutable field is guarded by `condition`
    struct Job: Sendable {
        var batch: RawSessionBatch
        /// Call quality and alerts of the batch's meetings that have any.
        var explanations: [String: Explanation] = [:]
    }

    struct Explanation: Sendable {
        var quality: [QualityTimeline]
        var alerts: [MeetingAlert]
    }

    struct MeetingResult: Sendable {
        var uuid: String
        var sessions: Int
        var incidents: [Incident]
        var rows: DerivedMeetingRows
    }

    /// What every meeting's analysis needs besides its own rows.
    struct Context: Sendable {
        var thresholds: AnalysisThresholds
        var meetingEnds: [String: UnixSeconds]
        var accountIncidents: [Incident]
        var now: UnixSeconds
    }

    private let condition = NSCondition()
    private let capacity: Int
    private var jobs: [Job] = []
    private var results: [MeetingResult] = []
    private var closed = false
    private var running = true
    private var measured = ReanalysisPhases()

    /// - Parameter measuring: whether the thread measures its ``phases``.
    init(context: Context, capacity: Int = 2, measuring: Bool = false) {
        self.capacity = capacity
        let thread = Thread { [self] in work(context, watch: PhaseStopwatch(enabled: measuring)) }
        thread.name = "zoomdash.analysis"
        thread.start()
    }

    /// Hands a batch over; waits while `capacity` batches are waiting already.
    func submit(_ job: Job) {
        condition.lock()
        while jobs.count >= capacity { condition.wait() }
        jobs.append(job)
        condition.broadcast()
        condition.unlock()
    }

    /// The results finished so far, in the order their batches were submitted.
    func takeResults() -> [MeetingResult] {
        condition.lock()
        defer { condition.unlock() }
        let done = results
        results.removeAll()
        return done
    }

    /// What the thread measured so far (decoding counts as reading; nothing unless `measuring`).
    var phases: ReanalysisPhases {
        condition.lock()
        defer { condition.unlock() }
        return measured
    }

    /// Waits until every submitted batch is analysed and the thread has ended.
    /// - Returns: the results not taken yet.
    func finish() -> [MeetingResult] {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while running { condition.wait() }
        let done = results
        results.removeAll()
        return done
    }

    private func work(_ context: Context, watch: PhaseStopwatch) {
        var reanalyser = MeetingReanalyser(context: context)
        while let job = nextJob() {
            var done: [MeetingResult] = []
            job.batch.forEachMeeting { uuid, sessions in
                watch.lap(\.read)
                done.append(reanalyser.result(uuid: uuid, sessions: sessions, explanation: job.explanations[uuid]))
                watch.lap(\.analyse)
            }
            watch.lap(\.read)
            condition.lock()
            results += done
            if watch.isEnabled {
                measured = watch.phases
                measured.readingThreads = 1
            }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next job, or nil once ``finish()`` was called and none is left (the thread then ends).
    private func nextJob() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !closed { condition.wait() }
        guard !jobs.isEmpty else {
            running = false
            condition.broadcast()
            return nil
        }
        condition.broadcast()
        return jobs.removeFirst()
    }
}
