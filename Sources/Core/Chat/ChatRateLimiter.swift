/// A token bucket: at most `perMinute` posts in any minute, refilled continuously, starting full.
/// Pure: the caller passes the time (tests use a manual clock).
public struct ChatRateLimiter: Sendable, Hashable {
    public let capacity: Double
    public private(set) var tokens: Double
    public private(set) var updatedAt: Double

    public init(perMinute: Int, now: Double) {
        capacity = Double(max(perMinute, 1))
        tokens = capacity
        updatedAt = now
    }

    private var perSecond: Double { capacity / 60 }

    /// Whole posts allowed at `now`.
    public mutating func available(now: Double) -> Int {
        refill(now)
        return Int(tokens + 1e-9)
    }

    /// Spends one post; false (and nothing spent) when none is available.
    public mutating func take(now: Double) -> Bool {
        refill(now)
        guard tokens + 1e-9 >= 1 else { return false }
        tokens = max(0, tokens - 1)
        return true
    }

    /// When the next post will be allowed (`now` when one is).
    public mutating func nextAllowed(now: Double) -> Double {
        refill(now)
        return tokens + 1e-9 >= 1 ? now : now + (1 - tokens) / perSecond
    }

    private mutating func refill(_ now: Double) {
        guard now > updatedAt else { return }
        tokens = min(capacity, tokens + (now - updatedAt) * perSecond)
        updatedAt = now
    }
}
