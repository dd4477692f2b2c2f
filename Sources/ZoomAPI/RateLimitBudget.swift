import ZoomDashCore

/// The request budget per rate-limit category: a pure state machine (no clock, no I/O). The executor
/// (``RequestBudget``) asks it before every request, sleeps when told, and reports what Zoom answered.
///
/// Pacing is a token bucket per category with rate `r` and capacity `b` chosen so that `r + b` equals
/// Zoom's limit: no fixed window of one period can ever see more than the limit, while the steady rate
/// stays at `pacing` (95%) of it. Zoom's `X-RateLimit-*` headers and 429 answers refine the picture.
public struct RateLimitBudget: Sendable {
    public enum Decision: Sendable, Hashable {
        case proceed
        /// Try again at this time (Unix seconds).
        case wait(until: Double)
        /// The daily cap is used up until this time; retrying earlier is pointless.
        case exhausted(until: Double)
    }

    struct Bucket: Sendable {
        var tokens: Double
        var capacity: Double
        var ratePerSecond: Double
        var updatedAt: Double
        var pausedUntil: Double = 0
        var remainingReported: Int?
    }

    public let plan: ZoomPlan
    private var buckets: [RateCategory: Bucket] = [:]
    private var dailyUsed = 0
    private var dailyCap: Int
    private var day: Int64
    private var dailyBlockedUntil: Double = 0
    /// Requests of the background lane today, against its share of the cap.
    private var backgroundDailyUsed = 0
    /// Until when a foreground request of the category is known to wait: background keeps off.
    private var foregroundWaitingUntil: [RateCategory: Double] = [:]
    /// How much later than a waiting foreground request a background one tries again.
    static let backgroundYieldSeconds = 0.005

    public init(plan: ZoomPlan, now: Double, pacing: Double = 0.95) {
        self.plan = plan
        dailyCap = plan.dailyHeavyCap
        day = Self.utcDay(now)
        for category in RateCategory.allCases {
            let limit = plan.limit(for: category)
            let steady = max(1, (Double(limit.requests) * pacing).rounded(.down))
            let capacity = max(1, Double(limit.requests) - steady)
            buckets[category] = Bucket(
                tokens: capacity, capacity: capacity, ratePerSecond: steady / limit.periodSeconds, updatedAt: now)
        }
    }

    /// Takes one request's worth of budget for `lane`, or says when to come back. A background
    /// request waits while a foreground one of its category waits, and is refused for the day once
    /// its share of the daily cap is used.
    public mutating func reserve(_ category: RateCategory, lane: RequestLane = .foreground, now: Double) -> Decision {
        rollDay(now)
        if case .background(let share) = lane {
            if category.countsTowardsDailyCap, backgroundDailyUsed >= Int((Double(dailyCap) * share).rounded(.down)) {
                return .exhausted(until: Self.nextMidnight(after: now))
            }
            if let until = foregroundWaitingUntil[category], now < until + Self.backgroundYieldSeconds {
                return .wait(until: until + Self.backgroundYieldSeconds)
            }
        }
        let decision = reserveInBucket(category, now: now)
        switch (decision, lane) {
        case (.wait(let until), .foreground):
            foregroundWaitingUntil[category] = max(foregroundWaitingUntil[category] ?? 0, until)
        case (.proceed, .background):
            if category.countsTowardsDailyCap { backgroundDailyUsed += 1 }
        default:
            break
        }
        return decision
    }

    private mutating func reserveInBucket(_ category: RateCategory, now: Double) -> Decision {
        if category.countsTowardsDailyCap {
            if now < dailyBlockedUntil { return .exhausted(until: dailyBlockedUntil) }
            if dailyUsed >= dailyCap {
                dailyBlockedUntil = Self.nextMidnight(after: now)
                return .exhausted(until: dailyBlockedUntil)
            }
        }
        var bucket = buckets[category]!
        refill(&bucket, now: now)
        if now < bucket.pausedUntil {
            buckets[category] = bucket
            return .wait(until: bucket.pausedUntil)
        }
        // At Unix-time magnitudes a refill can land a hair under a whole token; never wait for less
        // than a millisecond, or the executor would spin on a wait that rounds to nothing.
        guard bucket.tokens >= 1 - 1e-6 else {
            buckets[category] = bucket
            return .wait(until: now + max(0.001, (1 - bucket.tokens) / bucket.ratePerSecond))
        }
        bucket.tokens = max(0, bucket.tokens - 1)
        buckets[category] = bucket
        if category.countsTowardsDailyCap { dailyUsed += 1 }
        return .proceed
    }

    /// Applies Zoom's `X-RateLimit-Type` / `X-RateLimit-Remaining` headers of a response.
    public mutating func observe(_ category: RateCategory, type: String?, remaining: Int?, now: Double) {
        guard let remaining else { return }
        if type?.lowercased() == "daily-limit" {
            rollDay(now)
            dailyUsed = max(dailyUsed, dailyCap - remaining)
        } else {
            buckets[category]?.remainingReported = remaining
            if remaining == 0, var bucket = buckets[category] {
                bucket.pausedUntil = max(bucket.pausedUntil, now + 1)
                buckets[category] = bucket
            }
        }
    }

    /// Zoom answered 429. `retryAt` comes from `Retry-After`; daily limits block the category until then.
    public mutating func rateLimited(_ category: RateCategory, daily: Bool, retryAt: Double?, now: Double) {
        if daily && category.countsTowardsDailyCap {
            dailyBlockedUntil = max(dailyBlockedUntil, retryAt ?? Self.nextMidnight(after: now))
            return
        }
        guard var bucket = buckets[category] else { return }
        bucket.pausedUntil = max(bucket.pausedUntil, retryAt ?? now + 1)
        bucket.tokens = 0
        bucket.updatedAt = max(bucket.updatedAt, now)
        buckets[category] = bucket
    }

    /// Requests of this category that could start right now (for the budget gauge).
    public func available(_ category: RateCategory, now: Double) -> Int {
        var bucket = buckets[category]!
        refill(&bucket, now: now)
        var available = Int(bucket.tokens.rounded(.down))
        if category.countsTowardsDailyCap { available = min(available, max(0, dailyCap - dailyUsed)) }
        return available
    }

    public var dailyRemaining: Int { max(0, dailyCap - dailyUsed) }

    private func refill(_ bucket: inout Bucket, now: Double) {
        guard now > bucket.updatedAt else { return }
        bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.updatedAt) * bucket.ratePerSecond)
        bucket.updatedAt = now
    }

    private mutating func rollDay(_ now: Double) {
        let today = Self.utcDay(now)
        if today != day {
            day = today
            dailyUsed = 0
            backgroundDailyUsed = 0
        }
    }

    static func utcDay(_ time: Double) -> Int64 { Int64((time / 86_400).rounded(.down)) }

    /// The start of the next fixed window of `periodSeconds` (Zoom counts per second or per minute).
    public static func nextWindow(after time: Double, periodSeconds: Double) -> Double {
        ((time / periodSeconds).rounded(.down) + 1) * periodSeconds
    }
    static func nextMidnight(after time: Double) -> Double { Double(utcDay(time) + 1) * 86_400 }
}
