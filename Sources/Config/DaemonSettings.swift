import Foundation

/// `[http] listen = "127.0.0.1:9465"`: where zoomdashd serves webhooks, `/metrics` and `/healthz`.
public struct HTTPSettings: Sendable, Hashable {
    public var host = "127.0.0.1"
    public var port = 9465
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
