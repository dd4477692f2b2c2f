import Foundation

/// `[http] listen = "127.0.0.1:9465"`: where zoomdashd serves webhooks, `/metrics` and `/healthz`.
public struct HTTPSettings: Sendable, Hashable {
    public var host = "127.0.0.1"
    public var port = 9465
    /// A new connection must send a complete request head within this (slow or silent clients).
    public var headerTimeoutSeconds: Int64 = 10
    /// A request's body must arrive within this once its head has.
    public var bodyTimeoutSeconds: Int64 = 30
    /// A keep-alive connection with no request for this long is closed.
    public var idleTimeoutSeconds: Int64 = 60
    /// Connections at once; beyond it the oldest that has not yet sent a request head makes room,
    /// else the new one is closed at once. The unit's `LimitNOFILE=` leaves room for it.
    public var maxConnections = 1024
    /// The request line and headers together.
    public var maxHeaderBytes = 16_384
    /// On SIGTERM, in-flight requests get this long before their connections are closed (below the
    /// unit's `TimeoutStopSec=`).
    public var shutdownTimeoutSeconds: Int64 = 10
    public init() {}
}

/// `[webhook]`: Zoom's event notification endpoint.
public struct WebhookSettings: Sendable, Hashable {
    public var path = "/zoom/webhook"
    /// Zoom's "Secret Token". Without one the endpoint refuses every request (fail closed).
    public var secretToken = ""
    /// Signed timestamps further than this from now are rejected (replay protection).
    public var toleranceSeconds = 300
    public init() {}
}

/// Parses `"90s"`, `"15m"`, `"6h"`, `"1d"` or a plain number of seconds.
public enum DurationText {
    public static func seconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last else { return nil }
        let multipliers: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let multiplier = multipliers[unit], let value = Int64(trimmed.dropLast()), value >= 0 {
            return value * multiplier
        }
        return Int64(trimmed).flatMap { $0 >= 0 ? $0 : nil }
    }
}
