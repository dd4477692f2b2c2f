import ZoomDashCore

/// One WebSocket connection as the executor needs it, so tests can replace the network. `run`
/// connects, calls `onOpen` once upgraded, hands every text message (reassembled from its frames) to
/// `onText` in order, writes what `outbound` yields, and returns when the socket is gone, saying how.
public protocol WebSocketTransport: Sendable {
    func run(
        url: String, outbound: AsyncStream<WebSocketOutbound>, onOpen: @escaping @Sendable () async -> Void,
        onText: @escaping @Sendable (String) async -> Void
    ) async throws -> String
}

public enum WebSocketOutbound: Sendable, Equatable {
    case text(String)
    /// Close 1000 and give the server a moment to answer; then drop the connection regardless.
    case close
}

/// Where the executor gets Zoom tokens: ``ZoomDashZoomAPI/ZoomTokenProvider``, shared with the REST client
/// (single-flight per grant).
public protocol WebSocketTokenSource: Sendable {
    /// A token of `grant` with at least `minimumLifetimeSeconds` left (renewed first if the cached
    /// one has less; a new token is taken whatever its life).
    func token(grant: ZoomTokenGrant, minimumLifetimeSeconds: Double) async throws -> String
    func invalidate(_ token: String) async
}
