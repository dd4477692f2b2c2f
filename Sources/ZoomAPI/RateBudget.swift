import ZoomDashCore

/// The executor side of the request budget, type-erased so the Zoom client need not be generic
/// over the clock. ``RequestBudget`` is the implementation.
public protocol RateBudget: Sendable {
    /// Waits until a request of `category` may start in `lane`; throws when the daily cap (or the
    /// lane's share of it) is used up.
    func acquire(_ category: RateCategory, lane: RequestLane) async throws
    func observe(_ category: RateCategory, type: String?, remaining: Int?) async
    func rateLimited(_ category: RateCategory, daily: Bool, retryAt: Double?) async
    func available(_ category: RateCategory) async -> Int
    /// Heavy requests left today, of the plan's daily cap.
    var dailyRemaining: Int { get async }
    func sleep(seconds: Double) async throws
    /// Wall time in Unix seconds.
    var now: Double { get async }
}

extension RateBudget {
    public func acquire(_ category: RateCategory) async throws { try await acquire(category, lane: .foreground) }
}

extension RequestBudget: RateBudget {}
