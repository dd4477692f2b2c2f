import Foundation

/// Fixed-window rate limiting per category plus the daily Heavy + Resource-intensive cap.
actor RateLimiter {
    enum Decision: Sendable {
        case allowed(limit: Int, remaining: Int)
        case windowExceeded(limit: Int)
        case dailyExceeded(limit: Int, resetAt: Date)
    }

    private let policy: RateLimitPolicy
    private var windows: [RateLimitCategory: (index: Int, count: Int)] = [:]
    private var dailyDay = Int.min
    private var dailyCount = 0

    init(policy: RateLimitPolicy) {
        self.policy = policy
    }

    /// Counts the request if admitted. Rejected requests are not counted (Zoom answers them
    /// without doing the work).
    func admit(_ category: RateLimitCategory, now: Date) -> Decision {
        let second = now.timeIntervalSince1970
        let day = UTCTime.floorDiv(Int(second.rounded(.down)), UTCTime.secondsPerDay)
        if day != dailyDay {
            dailyDay = day
            dailyCount = 0
        }
        if category.countsTowardDailyCap, dailyCount >= policy.dailyCap {
            return .dailyExceeded(limit: policy.dailyCap, resetAt: Date(epochSeconds: (day + 1) * UTCTime.secondsPerDay))
        }
        let limit = policy.limit(for: category)
        let index = Int((second / Double(policy.windowSeconds(for: category))).rounded(.down))
        var window = windows[category] ?? (index, 0)
        if window.index != index { window = (index, 0) }
        guard window.count < limit else { return .windowExceeded(limit: limit) }
        window.count += 1
        windows[category] = window
        if category.countsTowardDailyCap { dailyCount += 1 }
        return .allowed(limit: limit, remaining: limit - window.count)
    }

    /// Current limit and remaining count without consuming (for responses rejected earlier).
    func peek(_ category: RateLimitCategory, now: Date) -> (limit: Int, remaining: Int) {
        let limit = policy.limit(for: category)
        let index = Int((now.timeIntervalSince1970 / Double(policy.windowSeconds(for: category))).rounded(.down))
        guard let window = windows[category], window.index == index else { return (limit, limit) }
        return (limit, max(0, limit - window.count))
    }
}
