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

    /// At most four passes a second, so incidents show within a second of the drops.
    static let minimumPassInterval: Duration = .milliseconds(250)
    /// Under a flood of events a pass takes longer (every touched meeting is rebuilt). Waiting a
    /// multiple of its duration before the next pass keeps analysis to a fifth of the time, so ingest
    /// keeps up and each later pass covers more events at once; the live view then lags by a few
    /// seconds at most, and catches up as soon as the flood ends.
    static let pauseToPassRatio = 4.0

    func run() async throws {
        // Low priority: the store runs webhook commits first, so acknowledgements never wait for a pass.
        await withDiscardingTaskGroup { group in
            group.addTask(priority: .low) { await passes() }
        }
    }

    private func passes() async {
        let clock = ContinuousClock()
        for await _ in ticks.cancelOnGracefulShutdown() {
            let started = clock.now
            let meetings = pending.take()
            do {
                try await analyse(meetings)
            } catch {
                runtime.logger.error("live analysis failed; the next event or collector run retries", metadata: ["error": "\(error)"])
            }
            let pause = max(Self.minimumPassInterval, started.duration(to: clock.now) * Self.pauseToPassRatio)
            try? await cancelWhenGracefulShutdown { try await clock.sleep(until: clock.now.advanced(by: pause)) }
        }
    }

    private func analyse(_ meetings: [String: Int64?]) async throws {
        let current = runtime.current
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
        if !analysed.isEmpty {
            try await AnalysisRunner(thresholds: current.config.analysis).analyse(meetingUUIDs: analysed, in: store)
        }
        let presenceChanged = !inRooms.isEmpty
        let totals = try await store.analysisTotals()
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
