import Logging
import Prometheus
import ServiceLifecycle
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashSinks
import ZoomDashStorage

/// Turns freshly stored webhook events into sessions, disconnections and incidents within seconds.
///
/// What is due lives in the store: each webhook commit marks its meetings in the same transaction
/// (``ZoomDashStore/analysisDue(limit:)``), and a mark is cleared in the transaction that stores its
/// meeting's results, which reads the meeting's events in that same transaction. A crash, a restart or a failed pass therefore
/// resumes exactly where it stopped; the first pass after a start takes what the last run left.
/// The ingestor's commits only wake the service; wake-ups during a pass coalesce (the tick stream
/// keeps the newest), so under load a pass batches many meetings.
struct LiveAnalysisService: Service {
    let runtime: Runtime
    /// Told what each pass changed, so exporters publish it and notifiers deliver its outbox events.
    let sinks: SinkService
    private let ticks: AsyncStream<Void>
    private let tick: AsyncStream<Void>.Continuation
    /// Marks taken per pass: bounds a pass's memory and its turn; a larger backlog takes more passes.
    static let meetingsPerPass = 4096

    init(runtime: Runtime, sinks: SinkService) {
        self.runtime = runtime
        self.sinks = sinks
        (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Called by the ingestor after each commit.
    func committed(_ records: [WebhookRecord]) {
        guard !records.isEmpty else { return }
        tick.yield()
    }

    func run() async throws {
        tick.yield()  // what the previous run left due
        // Low priority: the store runs webhook commits first, so acknowledgements rarely wait for a pass.
        await withDiscardingTaskGroup { group in
            group.addTask(priority: .low) { await passes() }
        }
    }

    private func passes() async {
        let clock = ContinuousClock()
        var policy = LiveAnalysisPolicy(thresholds: runtime.current.config.analysis, resuming: true)
        // SIGTERM ends the loop after the pass under way: what is still due stays marked in the store.
        for await _ in ticks.cancelOnGracefulShutdown() {
            let started = clock.now
            let current = runtime.current
            policy.passStarts(thresholds: current.config.analysis)
            var due: [AnalysisDue] = []
            func lag() -> Double { due.map(\.since).min().map { max(0, Runtime.preciseNow() - Double($0)) } ?? 0 }
            var analysed = false
            var summary = PassSummary()
            do {
                due = try await runtime.store.analysisDue(limit: Self.meetingsPerPass)
                summary = try await analyse(due, current: current)
                runtime.metrics.liveAnalysisMeetings.increment(by: Int64(due.count))
                policy.analysed(meetingIncidentsChanged: summary.meetingIncidentsChanged, watchedRoomsTouched: !summary.roomsTouched.isEmpty)
                if policy.accountRefreshDue {
                    try await AnalysisRunner(thresholds: current.config.analysis).refreshAccountIncidents(in: runtime.store)
                    policy.accountIncidentsRefreshed()
                    summary.accountRefreshed = true
                }
                if due.count == Self.meetingsPerPass { tick.yield() }
                analysed = true
            } catch {
                // Nothing is lost: the marks stay in the store until a pass succeeds.
                policy.analysisFailed()
                tick.yield()
                runtime.metrics.liveAnalysisLag.set(lag())
                runtime.logger.error(
                    "live analysis failed; retrying", metadata: ["error": "\(error)", "live.failures": "\(policy.failures)"])
            }
            if analysed {
                var changed: Set<ExportedTable> = summary.analysedMeetings ? [.disconnections, .incidents] : []
                if summary.accountRefreshed { changed.insert(.incidents) }
                if policy.presenceDue { changed.insert(.presence) }
                sinks.changed(changed)  // and the outbox may hold new incident events
                do {
                    try await publish(lag: lag())
                    policy.published()
                } catch {
                    // The analysis is stored; only its outputs are retried, at the next pass.
                    policy.publishFailed()
                    tick.yield()
                    runtime.logger.error(
                        "publishing the live view failed; retrying", metadata: ["error": "\(error)", "live.failures": "\(policy.failures)"])
                }
            }
            let took = started.duration(to: clock.now)
            runtime.metrics.liveAnalysisSeconds.increment(by: took.secondsValue)
            let pause = policy.pause(afterPassOf: took)
            try? await cancelWhenGracefulShutdown { try await clock.sleep(until: clock.now.advanced(by: pause)) }
        }
    }

    /// What a pass changed.
    private struct PassSummary {
        var meetingIncidentsChanged = false
        /// Whether any meeting's sessions and results were rebuilt.
        var analysedMeetings = false
        var accountRefreshed = false
        /// Meetings of the watched rooms (`[presence] meeting_ids`) among the pass's meetings.
        var roomsTouched: Set<String> = []
    }

    /// Re-derives the due meetings: sessions rebuilt from their webhook events where the live view
    /// covers them (monitored, or a watched room in `[presence] meeting_ids`, without Zoom's own record
    /// yet), then disconnections and incidents; one store transaction per chunk, which also clears the
    /// chunk's marks.
    private func analyse(_ due: [AnalysisDue], current: Runtime.Current) async throws -> PassSummary {
        let rooms = Set(current.config.presence.meetingIDs)
        let inRooms = Set(due.filter { $0.meetingID.map(rooms.contains) ?? false }.map(\.meetingUUID))
        var summary = PassSummary(roomsTouched: inRooms)
        guard !due.isEmpty else { return summary }
        let analysed = try await AnalysisRunner(thresholds: current.config.analysis)
            .analyse(meetingUUIDs: due.map(\.meetingUUID), rooms: inRooms, in: runtime.store, refreshAccount: false)
        summary.analysedMeetings = analysed.meetings > 0
        summary.meetingIncidentsChanged = analysed.meetingIncidentsChanged
        return summary
    }

    /// Metrics, then `STATUS=` (``LiveSummary``).
    private func publish(lag: Double) async throws {
        try await LiveSummary.publish(runtime, quality: false) { runtime.metrics.liveAnalysisLag.set(lag) }
    }
}
