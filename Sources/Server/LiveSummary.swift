import Prometheus
import ZoomDashCollectors
import ZoomDashPlatform
import ZoomDashSinks
import ZoomDashStorage

/// What the daemon shows of the store's current state: the totals and live gauges in `/metrics`, and
/// systemd's one-line `STATUS=` (what `systemctl status` shows). The live analysis publishes it after
/// each pass and the scheduler's upkeep every 15 s, so both go through here.
enum LiveSummary {
    /// Reads the cheap totals (trigger-kept counts, indexed lookups), updates the metrics, runs
    /// `beforeStatus`, then sends `STATUS=` last: whoever waits on it (a test, a tool) finds the rest
    /// already current.
    /// - Parameter quality: also the call-quality gauges (the scheduler's upkeep and collector runs;
    ///   the live analysis's passes, frequent under a flood, leave them).
    static func publish(_ runtime: Runtime, quality: Bool = true, beforeStatus: () async throws -> Void = {}) async throws {
        let store = runtime.store
        let totals = try await store.analysisTotals()
        let live = try await store.liveMeetings(now: Runtime.now())
        let lastRuns = try await store.lastRunResults()
        let backlog = try await store.analysisBacklog()
        runtime.metrics.observe(totals)
        if quality { runtime.metrics.observeQuality(try await store.qualityTotals(now: Runtime.now(), backlogDays: QualityCollector.backlogDays)) }
        runtime.metrics.liveAnalysisBacklog.set(Double(backlog.meetings))
        runtime.metrics.liveMeetings.set(Double(live.meetings))
        runtime.metrics.liveParticipants.set(Double(live.participants))
        try await beforeStatus()
        let queued = try await store.triggeredFetchCount()
        let websocket = runtime.websockets.summary(now: Runtime.preciseNow()).map { "; \($0)" } ?? ""
        runtime.notifier.status(text(live: live, totals: totals, lastRuns: lastRuns, backlog: backlog.meetings, queuedFetches: queued) + websocket)
    }

    static func text(
        live: (meetings: Int, participants: Int), totals: MetricTotals, lastRuns: [String: String], backlog: Int, queuedFetches: Int = 0
    ) -> String {
        let collectors = lastRuns.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "live: \(live.meetings) meetings, \(live.participants) participants; "
            + "\(totals.disconnects.values.reduce(0, +)) disconnections, \(totals.incidents["meeting"] ?? 0) meeting incidents, "
            + "\(totals.incidents["account"] ?? 0) Zoom bad moments; collectors: \(collectors.isEmpty ? "not run yet" : collectors)"
            + (backlog > 0 ? "; \(catchingUp(backlog))" : "")
            + (queuedFetches > 0 ? "; \(queuedFetches) ended meetings to fetch" : "")
    }

    /// While webhook events wait for the live analysis (after a start, or under a flood).
    static func catchingUp(_ meetings: Int) -> String { "catching up: \(meetings) meetings to analyse" }
}
