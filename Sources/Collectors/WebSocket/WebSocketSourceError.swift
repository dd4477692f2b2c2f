/// Errors of the WebSocket source that it cannot retry itself (the daemon stops on them, by the
/// ``ZoomDashPipeline/LiveEventSource`` contract), worded for the admin.
public enum WebSocketSourceError: Error, CustomStringConvertible, Sendable, Equatable {
    case subscriptionInUse(path: String)
    case lockUnavailable(path: String, reason: String)
    case missingCredentials
    case noStore

    public var description: String {
        switch self {
        case .subscriptionInUse(let path):
            "another zoomdashd already holds this WebSocket subscription (lock \(path)); Zoom keeps only one connection per subscription"
        case .lockUnavailable(let path, let reason): "cannot create the subscription lock \(path): \(reason)"
        case .missingCredentials: "[sources] type = \"zoom.websocket\" needs the Server-to-Server OAuth credentials of [zoom]"
        case .noStore: "the WebSocket source needs the store (for its gaps)"
        }
    }
}
