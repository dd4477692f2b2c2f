import Foundation

/// Plays a scenario's webhook events over the fake WebSocket the way `zoomsim webhooks` posts them:
/// in event-time order, once a client is live, each event once. Events published while no client is
/// live are lost (as with Zoom): a scripted stall or reset goes on publishing its next `lostEvents`
/// events into the void, as Zoom keeps sending while nobody listens; then it waits for the client to
/// come back before it goes on.
public struct WebSocketReplay: Sendable {
    public struct Report: Sendable, Equatable {
        public var published: Int
        public var delivered: Int
        public var discarded: Int
        public var connects: Int
        public var heartbeats: Int

        public var json: String {
            JSONValue.object([
                ("published", .int(Int64(published))), ("delivered", .int(Int64(delivered))), ("discarded", .int(Int64(discarded))),
                ("connects", .int(Int64(connects))), ("heartbeats", .int(Int64(heartbeats))),
            ]).serialized()
        }
    }

    public var events: [WebhookEvent]
    public var hub: WebSocketHub
    /// N times faster than real time; nil: as fast as possible.
    public var speed: Double?
    /// Stall the connection (TCP open, nothing sent) before event N, for `stallSeconds`.
    public var stallAfter: Int?
    public var stallSeconds: Double = 90
    /// Drop the connection without a close frame before event N.
    public var resetAfter: Int?
    /// Events published into a stall or reset (lost) before waiting for the client.
    public var lostEvents: Int

    public init(
        events: [WebhookEvent], hub: WebSocketHub, speed: Double? = nil, stallAfter: Int? = nil, stallSeconds: Double = 90, resetAfter: Int? = nil,
        lostEvents: Int = 0
    ) {
        self.events = events
        self.hub = hub
        self.speed = speed
        self.stallAfter = stallAfter
        self.stallSeconds = stallSeconds
        self.resetAfter = resetAfter
        self.lostEvents = lostEvents
    }

    /// The scenario's events from `since` (Unix seconds), at most `maxEvents` of them.
    public static func events(of scenario: Scenario, accountID: String, since: Int64?, maxEvents: Int?) -> [WebhookEvent] {
        var events = scenario.webhookEvents(accountID: accountID)
        if let since { events = events.filter { $0.eventTimestampMilliseconds >= since * 1000 } }
        if let maxEvents { events = Array(events.prefix(maxEvents)) }
        return events
    }

    public func run() async throws -> Report {
        try await waitUntilLive()
        var previous: Int64?
        var lostUntil = -1
        for (sent, event) in events.enumerated() {
            if let speed, let previous, event.eventTimestampMilliseconds > previous {
                try await Task.sleep(for: .milliseconds(Int64(Double(event.eventTimestampMilliseconds - previous) / speed)))
            }
            previous = event.eventTimestampMilliseconds
            if sent == stallAfter {
                await hub.stall(true)
                lostUntil = sent + lostEvents
            }
            if sent == resetAfter {
                await hub.reset()
                lostUntil = sent + lostEvents
            }
            if sent == lostUntil {
                if await hub.stalled {
                    try await Task.sleep(for: .milliseconds(Int64(stallSeconds * 1000)))
                    await hub.stall(false)
                }
                try await waitUntilLive()
            }
            if sent >= lostUntil { try await waitUntilLive() }
            await hub.publish(event.body)
        }
        if await hub.stalled { await hub.stall(false) }
        await hub.flush()
        return Report(
            published: await hub.published, delivered: await hub.delivered, discarded: await hub.discarded,
            connects: await hub.connects.count, heartbeats: await hub.heartbeats)
    }

    private func waitUntilLive() async throws {
        while await !hub.isLive { try await Task.sleep(for: .milliseconds(50)) }
    }
}
