import Foundation

/// One inbound frame of Zoom's WebSocket event subscription (docs/websocket.md, "Frames"): a JSON
/// object whose `module` says what it is. Decoding never fails: a frame we cannot read is `.undecodable`
/// and is counted, so one odd frame never takes the connection down.
public enum WebSocketFrame: Sendable, Equatable {
    /// The answer to the connection: judged by `success` alone; `content` only classifies a failure
    /// (its wording has changed before).
    case buildConnection(success: Bool, content: String)
    /// The server's answer to our heartbeat.
    case heartbeat(success: Bool)
    /// An event: `body` is the webhook JSON, ready for ``WebhookParser``. `content` came as a string
    /// (decoded a second time) or as an object (re-encoded).
    case message(body: [UInt8])
    /// A `message` frame or any other frame that says `success: false` with a token complaint: the
    /// token was rejected on a live connection.
    case tokenRejected(content: String)
    /// A module we do not know; logged and counted.
    case other(module: String)
    /// Not JSON, no `module`, or a `message` without usable `content`.
    case undecodable(reason: String)

    /// The module label for metrics (`messages by module`).
    public var module: String {
        switch self {
        case .buildConnection: "build_connection"
        case .heartbeat: "heartbeat"
        case .message: "message"
        case .tokenRejected: "token_rejected"
        case .other(let module): module
        case .undecodable: "undecodable"
        }
    }

    public static func decode(_ text: String) -> WebSocketFrame {
        decode(Array(text.utf8))
    }

    public static func decode(_ bytes: [UInt8]) -> WebSocketFrame {
        guard let root = try? JSONScanner.parse(bytes), case .object = root else { return .undecodable(reason: "not a JSON object") }
        guard case .string(let module)? = root["module"], !module.isEmpty else { return .undecodable(reason: "no module") }
        // A missing `success` counts as true, as every known client treats it.
        let success = root["success"].map { if case .bool(false) = $0 { false } else { true } } ?? true
        let content = root["content"]
        switch module {
        case "build_connection":
            return .buildConnection(success: success, content: content?.text ?? "")
        case "heartbeat":
            return .heartbeat(success: success)
        case "message":
            if !success, let text = content?.text, WebSocketFailure.isTokenComplaint(text) { return .tokenRejected(content: text) }
            switch content {
            case .string(let inner)?: return .message(body: Array(inner.utf8))
            case .object?: return reencoded(bytes).map { .message(body: $0) } ?? .undecodable(reason: "message content not re-encodable")
            default: return .undecodable(reason: "message without content")
            }
        default:
            if !success, let text = content?.text, WebSocketFailure.isTokenComplaint(text) { return .tokenRejected(content: text) }
            return .other(module: module)
        }
    }

    /// `content` given as an object: its own bytes, so the stored raw event is the webhook body as
    /// Zoom would POST it. Rare (no capture shows it), so Foundation's serializer is good enough.
    private static func reencoded(_ frame: [UInt8]) -> [UInt8]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(frame)) as? [String: Any],
            let content = object["content"], JSONSerialization.isValidJSONObject(content),
            let data = try? JSONSerialization.data(withJSONObject: content, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return Array(data)
    }
}

/// How a failed handshake's `content` is classified (never how success is judged).
public enum WebSocketFailure {
    /// "Invalid Token", "Token is invalid", "token is empty", and whatever Zoom says next that names
    /// the token: worth one fresh token before backing off.
    public static func isTokenComplaint(_ content: String) -> Bool {
        content.lowercased().contains("token")
    }
}
