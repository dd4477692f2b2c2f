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

    /// At most this many analysis passes per second: under load, a pass then covers many commits,
    /// and ingest keeps most of the store's time. Incidents still show within a second.
    static let minimumPassInterval: Duration = .milliseconds(250)

    func run() async throws {
        let clock = ContinuousClock()
        for await _ in ticks.cancelOnGracefulShutdown() {
            let started = clock.now
            let meetings = pending.take()
            do {
                try await analyse(meetings)
            } catch {
                runtime.logger.error("live analysis failed; the next event or collector run retries", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await clock.sleep(until: started.advanced(by: Self.minimumPassInterval)) }
        }
    }

    private func analyse(_ meetings: [String: Int64?]) async throws {
        let current = runtime.current
        let store = runtime.store
        let rooms = Set(current.config.presence.meetingIDs)
        var analysed: [String] = []
        var presenceChanged = false
        for (uuid, meetingID) in meetings {
            let inRoom = meetingID.map(rooms.contains) ?? false
            guard try await store.isMonitored(meetingUUID: uuid) || inRoom else { continue }
            let events = try await store.webhookParticipantEvents(meetingUUID: uuid)
            let sessions = WebhookSessionBuilder.sessions(meetingUUID: uuid, events: events)
            if try await store.replaceWebhookSessions(meetingUUID: uuid, sessions: sessions) { analysed.append(uuid) }
            presenceChanged = presenceChanged || inRoom
        }
        if !analysed.isEmpty {
            try await AnalysisRunner(thresholds: current.config.analysis).analyse(meetingUUIDs: analysed, in: store)
        }
        let totals = try await store.metricTotals()
        runtime.metrics.observe(totals)
        let live = try await store.liveMeetings(now: Runtime.now())
        // An up-to-date STATUS= for `systemctl status`, and an event tests and tools can wait on.
        runtime.notifier.status(
            "live: \(live.meetings) meetings, \(live.participants) participants; "
                + "\(totals.disconnects.values.reduce(0, +)) disconnections, \(totals.incidents["meeting"] ?? 0) meeting incidents, "
                + "\(totals.incidents["account"] ?? 0) Zoom bad moments")
        runtime.metrics.liveMeetings.set(Double(live.meetings))
        runtime.metrics.liveParticipants.set(Double(live.participants))
        runtime.metrics.lastWebhookEvent.set(Double(Runtime.now()))
        if presenceChanged {
            let entries = try await store.presence(meetingIDs: current.config.presence.meetingIDs, now: Runtime.now())
            try current.csv.writePresence(entries, watch: current.config.presence.watch)
        }
    }
}

/// Meetings with new webhook events since the last analysis (uuid → numeric meeting id).
final class PendingMeetings: Sendable {
    private let meetings = Mutex<[String: Int64?]>([:])

    func add(_ records: [WebhookRecord]) {
        meetings.withLock { meetings in
            for record in records where !record.meetingUUID.isEmpty { meetings[record.meetingUUID] = record.meetingID }
        }
    }

    func take() -> [String: Int64?] {
        meetings.withLock { meetings in
            defer { meetings.removeAll() }
            return meetings
        }
    }
}
