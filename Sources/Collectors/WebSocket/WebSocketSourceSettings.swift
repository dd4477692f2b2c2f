import ZoomDashConfiguration
import ZoomDashCore

/// `[sources.NAME] type = "zoom.websocket"`: which subscription, where, and the connection's timings.
public struct WebSocketSourceSettings: Sendable, Equatable {
    public static let defaultURL = "wss://ws.zoom.us/ws"

    /// The bare id; a pasted endpoint URL is reduced to its `subscriptionId`.
    public var subscriptionID: String
    public var url: String = defaultURL
    /// Where the one-daemon-per-subscription lock lives; nil: beside the store.
    public var lockDirectory: String?
    public var heartbeatSeconds: Double = 25
    public var watchdogSeconds: Double = 60
    /// For the upgrade, and for `build_connection` after it (not in the file: Zoom's own figure).
    public var handshakeTimeoutSeconds: Double = 10
    /// `/healthz` turns unhealthy when disconnected longer than this.
    public var unhealthyAfterSeconds: Double = 300
    /// The token grant tried first; the other is tried once when Zoom rejects it.
    public var grant = ZoomTokenGrant.accountCredentials

    public init(subscriptionID: String, url: String = defaultURL) {
        self.subscriptionID = subscriptionID
        self.url = url
    }

    static func read(_ section: ConfigSection) throws(ConfigError) -> WebSocketSourceSettings {
        try section.rejectUnknownKeys(["subscription_id", "url", "lock_directory", "heartbeat", "watchdog", "unhealthy_after", "token_grant"])
        guard let raw = try section.string("subscription_id"), !raw.isEmpty else {
            throw section.error("subscription_id", "is required: the subscriptionId of the endpoint URL the Marketplace shows")
        }
        guard let id = subscriptionID(from: raw) else {
            throw section.error("subscription_id", "\"\(raw)\" is neither a subscription id nor an endpoint URL with subscriptionId=")
        }
        var settings = WebSocketSourceSettings(subscriptionID: id)
        if let url = try section.string("url") {
            guard url.hasPrefix("wss://") || url.hasPrefix("ws://") else { throw section.error("url", "must start with wss:// (or ws:// for a local test server)") }
            settings.url = url
        } else if raw.hasPrefix("wss://") || raw.hasPrefix("ws://"), let base = raw.split(separator: "?").first {
            settings.url = String(base)
        }
        settings.lockDirectory = try section.string("lock_directory")
        if let heartbeat = try section.duration("heartbeat", minimum: 1) { settings.heartbeatSeconds = Double(heartbeat) }
        if let watchdog = try section.duration("watchdog", minimum: 2) { settings.watchdogSeconds = Double(watchdog) }
        if let seconds = try section.duration("unhealthy_after", minimum: 1) { settings.unhealthyAfterSeconds = Double(seconds) }
        if let grant = try section.string("token_grant") {
            guard let parsed = ZoomTokenGrant(rawValue: grant) else {
                throw section.error("token_grant", "must be \"account_credentials\" (the REST client's token, the default) or \"client_credentials\"")
            }
            settings.grant = parsed
        }
        guard settings.watchdogSeconds > settings.heartbeatSeconds else {
            throw section.error("watchdog", "must be longer than heartbeat (\(Int(settings.heartbeatSeconds)) s), or a live connection looks dead")
        }
        return settings
    }

    /// The id itself, or the `subscriptionId` (or the beta's `subscription_id`) of a pasted URL.
    static func subscriptionID(from raw: String) -> String? {
        let trimmed = raw.trimmingWhitespace
        guard trimmed.contains("://") || trimmed.contains("?") else {
            return trimmed.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } ? trimmed : nil
        }
        guard let query = trimmed.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0] == "subscriptionId" || parts[0] == "subscription_id", !parts[1].isEmpty { return parts[1] }
        }
        return nil
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
