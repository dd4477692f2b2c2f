import Logging
import Prometheus
import ServiceLifecycle
import Synchronization
import ZoomDashCore
import ZoomDashSinks

/// Turns freshly stored webhook events into sessions, disconnections and incidents within seconds.
///
/// The ingestor reports each committed round; rounds that arrive while an analysis runs coalesce
/// (the tick stream keeps only the newest tick), so under load the analysis batches many meetings.
struct LiveAnalysisService: Service {
    let runtime: Runtime
    private let pending = PendingMeetings()
    private let ticks: AsyncStream<Void>
    private let tick: AsyncStream<Void>.Continuation

    init(runtime: Runtime) {
        self.runtime = runtime
        (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Called by the ingestor after each commit.
    func committed(_ records: [WebhookRecord]) {
        guard !records.isEmpty else { return }
        pending.add(records)
        tick.yield()
    }

    func run() async throws {
        // Low priority: the store runs webhook commits first, so acknowledgements rarely wait for a pass.
        await withDiscardingTaskGroup { group in
            group.addTask(priority: .low) { await passes() }
        }
    }

    private func passes() async {
        let clock = ContinuousClock()
        var policy = LiveAnalysisPolicy(thresholds: runtime.current.config.analysis)
        for await _ in ticks.cancelOnGracefulShutdown() {
            let started = clock.now
            let current = runtime.current
            policy.passStarts(thresholds: current.config.analysis)
            let taken = pending.take()
            func lag() -> Double { taken.since.map { Self.seconds($0.duration(to: clock.now)) } ?? 0 }
            var analysed = false
            do {
                let summary = try await analyse(taken.meetings, current: current)
                policy.analysed(meetingIncidentsChanged: summary.meetingIncidentsChanged, watchedRoomsTouched: !summary.roomsTouched.isEmpty)
                if policy.accountRefreshDue {
                    try await AnalysisRunner(thresholds: current.config.analysis).refreshAccountIncidents(in: runtime.store)
                    policy.accountIncidentsRefreshed()
                }
                analysed = true
            } catch {
                // Nothing is dropped: the meetings wait for the retry, with whatever arrives meanwhile.
                policy.analysisFailed()
                pending.restore(taken)
                tick.yield()
                runtime.metrics.liveAnalysisLag.set(lag())
                runtime.logger.error(
                    "live analysis failed; retrying", metadata: ["error": "\(error)", "live.failures": "\(policy.failures)"])
            }
            if analysed {
                do {
                    try await publish(writingPresence: policy.presenceDue, lag: lag(), current: current)
                    policy.published()
                } catch {
                    // The analysis is stored; only its outputs are retried, at the next pass.
                    policy.publishFailed()
                    tick.yield()
                    runtime.logger.error(
                        "publishing the live view failed; retrying", metadata: ["error": "\(error)", "live.failures": "\(policy.failures)"])
                }
            }
            let pause = policy.pause(afterPassOf: started.duration(to: clock.now))
            try? await cancelWhenGracefulShutdown { try await clock.sleep(until: clock.now.advanced(by: pause)) }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// What a pass changed.
    private struct PassSummary {
        var meetingIncidentsChanged = false
        /// Meetings of the watched rooms (`[presence] meeting_ids`) among the pass's meetings.
        var roomsTouched: Set<String> = []
    }

    /// Rebuilds the sessions of the given meetings from their webhook events (and those of the watched
    /// rooms' earlier instances, for presence), then their disconnections and incidents.
    private func analyse(_ meetings: [String: Int64?], current: Runtime.Current) async throws -> PassSummary {
        let store = runtime.store
        let rooms = Set(current.config.presence.meetingIDs)
        let inRooms = Set(meetings.filter { $0.value.map(rooms.contains) ?? false }.keys)
        let uuids = meetings.keys.sorted()
        var analysed: [String] = []
        var start = 0
        while start < uuids.count {
            let chunk = Array(uuids[start..<min(start + AnalysisRunner.meetingsPerStoreCall, uuids.count)])
            start += chunk.count
            let events = try await store.webhookParticipantEvents(meetingUUIDs: chunk, alsoInclude: inRooms)
            var sessions: [String: [ParticipantSession]] = [:]
            for (uuid, meetingEvents) in events { sessions[uuid] = WebhookSessionBuilder.sessions(meetingUUID: uuid, events: meetingEvents) }
            analysed += try await store.replaceWebhookSessions(sessions)
        }
        var summary = PassSummary(roomsTouched: inRooms)
        if !analysed.isEmpty {
            let runner = AnalysisRunner(thresholds: current.config.analysis)
            summary.meetingIncidentsChanged = try await runner.analyse(meetingUUIDs: analysed, in: store, refreshAccount: false)
                .meetingIncidentsChanged
        }
        return summary
    }

    /// Metrics and the presence CSV, then `STATUS=` (``LiveSummary``).
    private func publish(writingPresence: Bool, lag: Double, current: Runtime.Current) async throws {
        try await LiveSummary.publish(runtime) {
            runtime.metrics.lastWebhookEvent.set(Double(Runtime.now()))
            runtime.metrics.liveAnalysisLag.set(lag)
            if writingPresence {
                let entries = try await runtime.store.presence(meetingIDs: current.config.presence.meetingIDs, now: Runtime.now())
                try current.csv.writePresence(entries, watch: current.config.presence.watch)
            }
        }
    }
}

/// Meetings with new webhook events since the last analysis (uuid → numeric meeting id), and when the
/// oldest of those events was stored.
final class PendingMeetings: Sendable {
    struct Batch {
        var meetings: [String: Int64?] = [:]
        var since: ContinuousClock.Instant?
    }

    private let batch = Mutex(Batch())

    func add(_ records: [WebhookRecord]) {
        let now = ContinuousClock.now
        batch.withLock { batch in
            for record in records where !record.meetingUUID.isEmpty { batch.meetings[record.meetingUUID] = record.meetingID }
            if batch.since == nil { batch.since = now }
        }
    }

    /// Puts back the meetings of a failed pass, keeping what arrived since.
    func restore(_ failed: Batch) {
        batch.withLock { batch in
            batch.meetings.merge(failed.meetings) { newer, _ in newer }
            batch.since = [batch.since, failed.since].compactMap { $0 }.min()
        }
    }

    func take() -> Batch {
        batch.withLock { batch in
            defer { batch = Batch() }
            return batch
        }
    }
}
