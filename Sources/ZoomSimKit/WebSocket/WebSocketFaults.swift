/// The fault switches of the fake WebSocket endpoint, each one a behaviour Zoom has shown or might
/// show (docs/websocket.md). Changeable while it runs (``WebSocketHub/setFaults(_:)``).
public struct WebSocketFaults: Sendable, Hashable {
    /// What token expiry does to a live connection; the real behaviour is unknown.
    public enum TokenExpiry: String, Sendable, Hashable, CaseIterable {
        /// Close the socket (1000).
        case close
        /// Send a `build_connection` failure saying "Invalid Token", and keep the socket open.
        case invalidTokenFrame = "frame"
        /// Nothing: the socket stays up.
        case nothing
    }

    /// `build_connection` fails with this content (then close 1000 "Bye"); nil: success.
    public var handshakeFailure: String?
    /// Fail only the first N handshakes (then succeed); nil: every one.
    public var handshakeFailures: Int?
    /// Answer `{"module":"heartbeat"}` frames.
    public var heartbeatReplies = true
    /// Close a connection that sent no heartbeat for this long (seconds); nil: never.
    public var heartbeatTimeoutSeconds: Double?
    /// What happens `tokenTTLSeconds` after a connection's token was issued (the simulator's token lifetime).
    public var tokenExpiry = TokenExpiry.nothing
    /// Send every Nth event twice; nil: never.
    public var duplicateEvery: Int?
    /// Hold events back and send each group of N in reverse order; nil: in order.
    public var reorderWindow: Int?
    /// Send `content` as an object instead of a string.
    public var contentAsObject = false
    /// Add `success` and `header` to `message` frames.
    public var messageEnvelopeFields = false
    /// Send a frame of an unknown module before every Nth event; nil: never.
    public var unknownModuleEvery: Int?
    /// Accept only tokens of these OAuth grants (`account_credentials`, `client_credentials`); a
    /// token of another grant gets `Invalid Token`. nil: both.
    public var acceptedGrants: Set<String>?
    /// Messages longer than this go out in several frames (continuations).
    public var maxFrameBytes = 16 << 10

    public init() {}
}
