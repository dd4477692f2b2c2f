import ZoomDashCore

/// Where a live source hands the Zoom events it receives.
public protocol LiveEventIngest: Sendable {
    /// Returns once the event is committed to the store (or known as a duplicate); throws if it
    /// could not be stored. A source acknowledges an event upstream only after this returned.
    func ingest(_ record: WebhookRecord) async throws -> IngestOutcome
}

public enum IngestOutcome: Sendable, Equatable {
    case stored
    case duplicate
}

/// A push source of Zoom events: the webhook endpoint (on the daemon's HTTP listener) today, Zoom's
/// WebSocket subscription next.
///
/// Contract: `run(into:)` receives events until graceful shutdown, hands each verified event to
/// `ingest`, and tells Zoom it has the event only after `ingest` returned (a webhook's 2xx, a
/// WebSocket's acknowledgement), so every acknowledged event is durable. It returns at shutdown and
/// throws only on a failure it cannot retry itself (the daemon then stops, and systemd restarts it).
public protocol LiveEventSource: Sendable {
    var name: String { get }

    func run(into ingest: any LiveEventIngest) async throws
}
