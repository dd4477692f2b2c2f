import Foundation
import Logging
import Synchronization
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashConfiguration

/// Posts the incident outbox to a Mattermost or Slack channel (``MattermostNotifier``,
/// ``SlackNotifier``): one readable message per incident, floods grouped, quiet hours held.
///
/// Delivery: at least once, never twice. Each post is followed by the checkpoint
/// `chat.<name>.posted` (the last event id settled), so a batch handed over again after a crash or a
/// failure skips what was already posted. Events held on purpose (grouping window, quiet hours, the
/// per-minute limit) make `deliver` throw ``SinkError/chatHeld(sink:events:until:reason:)``: the daemon's
/// cursor then stays before them, they stay in the outbox across restarts, and the next delivery
/// posts them.
///
/// On the daemon's clock (``tick(now:)``) it also posts the daily digest and the presence feed,
/// through the same per-minute limit, quiet hours and webhook.
public final class ChatNotifier: Sendable {
    public let name: String
    let settings: ChatSettings
    let webhook: ChatWebhook
    let store: ZoomDashStore?
    /// The watched rooms and who may be named, for the presence feed.
    let presence: PresenceSettings
    let dashboardURL: String?
    let logger: Logger
    let now: @Sendable () -> Double

    struct State {
        var ledger = ChatLedger()
        var limiter: ChatRateLimiter
        /// Without a store (tests): the checkpoint in memory.
        var posted: Int64 = 0
        /// The server's Retry-After, when longer than worth waiting for.
        var notBefore: Double = 0
    }

    let state: Mutex<State>

    var checkpointKey: String { "chat.\(name).posted" }

    /// - Parameters: `now` and `sleep` are injected so tests run on a manual clock without sleeping.
    public init(
        name: String, settings: ChatSettings, dependencies: NotifierDependencies,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.name = name
        self.settings = settings
        store = dependencies.store
        presence = dependencies.presence
        dashboardURL = dependencies.dashboardURL
        logger = dependencies.logger
        self.now = now
        webhook = ChatWebhook(
            sink: name, url: settings.webhookURL, flavor: settings.flavor, http: dependencies.http, logger: dependencies.logger, sleep: sleep, now: now)
        state = Mutex(State(limiter: ChatRateLimiter(perMinute: settings.policy.maxMessagesPerMinute, now: now())))
    }

    public func deliver(_ events: [IncidentEvent]) async throws {
        let start = now()
        let notBefore = state.withLock { $0.notBefore }
        if notBefore > start { throw SinkError.chatRateLimited(sink: name, until: notBefore) }
        let posted = try await postedThrough()
        let fresh = events.filter { $0.id > posted }.sorted { $0.id < $1.id }
        guard !fresh.isEmpty else { return }

        let planner = ChatPlanner(policy: settings.policy)
        let plan = state.withLock { state in
            planner.plan(fresh, ledger: state.ledger, limiter: &state.limiter, now: start)
        }
        if let skipped = plan.skippedThrough {
            try await setPosted(skipped)
            state.withLock { $0.ledger.settle(fresh.filter { $0.id <= skipped }, posted: []) }
        }
        let composer = ChatComposer(
            wording: ChatWording(timeZone: settings.policy.timeZone, now: UnixSeconds(start)), context: try await context(for: plan.posts),
            dashboardURL: dashboardURL)
        for post in plan.posts {
            if let message = composer.message(post.items) {
                try await send(message)
                logger.info(
                    "posted to chat",
                    metadata: ["sink": "\(name)", "chat.incidents": "\(post.items.count)", "chat.through_event": "\(post.throughEventID)"])
            }
            try await setPosted(post.throughEventID)
            state.withLock { $0.ledger.settle(post.events, posted: post.items) }
        }
        if let until = plan.holdUntil {
            throw SinkError.chatHeld(sink: name, events: plan.heldEvents, until: until, reason: plan.holdReason?.rawValue ?? "held")
        }
    }

    /// Posts one message; a long Retry-After is remembered, so nothing is sent before it.
    func send(_ message: ChatMessage) async throws {
        do {
            try await webhook.post(ChatPayload.json(message, flavor: settings.flavor, channel: settings.channel, username: settings.username))
        } catch let error as SinkError {
            if case .chatRateLimited(_, let until) = error { state.withLock { $0.notBefore = until } }
            throw error
        }
    }

    private func postedThrough() async throws -> Int64 {
        guard let store else { return state.withLock { $0.posted } }
        return try await store.checkpoint(checkpointKey).flatMap { Int64($0) } ?? 0
    }

    private func setPosted(_ id: Int64) async throws {
        guard let store else { return state.withLock { $0.posted = max($0.posted, id) } }
        try await store.setCheckpoint(checkpointKey, String(id), now: UnixSeconds(now()))
    }

    /// Topics and quick rejoins for the wording, from the store (nothing without one: neutral wording).
    private func context(for posts: [ChatPlanner.Post]) async throws -> ChatContext {
        var context = ChatContext()
        guard let store else { return context }
        let items = posts.flatMap(\.items)
        var uuids = Set<String>()
        for item in items {
            if let uuid = item.incident.meetingUUID { uuids.insert(uuid) }
            uuids.formUnion(item.incident.evidence.meetingUUIDs)
        }
        for uuid in uuids {
            if let meeting = try await store.meeting(uuid: uuid) { context.topics[uuid] = meeting.topic }
        }
        for item in items where item.incident.scope == .meeting {
            guard let uuid = item.incident.meetingUUID else { continue }
            let drops = try await store.disconnectionRecords(from: item.incident.start, to: item.incident.end + 1).filter { $0.meetingUUID == uuid }
            guard !drops.isEmpty else { continue }
            context.rejoined[item.incidentID] = drops.filter { ($0.rejoinedAfterSeconds ?? .max) <= ChatContext.rejoinWindow }.count
        }
        return context
    }
}
