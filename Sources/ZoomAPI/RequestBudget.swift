import ZoomDashCore

/// Runs ``RateLimitBudget`` against a real (or manual) clock: `acquire` returns when a request of the
/// category may start, sleeping as the state machine says.
public actor RequestBudget<C: Clock> where C.Duration == Duration {
    private var machine: RateLimitBudget
    private let clock: C
    private let epoch: C.Instant
    private let epochUnixSeconds: Double

    /// - Parameters:
    ///   - clock: the clock to sleep on.
    ///   - unixNow: the wall time at `clock.now`, to anchor daily limits to UTC midnight.
    public init(plan: ZoomPlan, clock: C, unixNow: Double) {
        self.clock = clock
        self.epoch = clock.now
        self.epochUnixSeconds = unixNow
        self.machine = RateLimitBudget(plan: plan, now: unixNow)
    }

    /// Wall time in Unix seconds, as this budget's clock sees it.
    public var now: Double {
        let elapsed = epoch.duration(to: clock.now)
        return epochUnixSeconds + Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Waits for budget. Throws ``ZoomAPIError/dailyLimitReached(category:until:)`` when the daily
    /// cap is used up, and `CancellationError` when the task is cancelled while waiting.
    public func acquire(_ category: RateCategory, lane: RequestLane = .foreground) async throws {
        while true {
            switch machine.reserve(category, lane: lane, now: now) {
            case .proceed:
                return
            case .exhausted(let until):
                throw ZoomAPIError.dailyLimitReached(category: category, until: until)
            case .wait(let until):
                try await sleep(seconds: until - now)
            }
        }
    }

    public func observe(_ category: RateCategory, type: String?, remaining: Int?) {
        machine.observe(category, type: type, remaining: remaining, now: now)
    }

    public func rateLimited(_ category: RateCategory, daily: Bool, retryAt: Double?) {
        machine.rateLimited(category, daily: daily, retryAt: retryAt, now: now)
    }

    public func available(_ category: RateCategory) -> Int { machine.available(category, now: now) }

    /// Heavy (and resource-intensive) requests left today, of the plan's daily cap.
    public var dailyRemaining: Int { machine.dailyRemaining }

    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await clock.sleep(until: clock.now.advanced(by: .milliseconds(Int64((seconds * 1000).rounded(.up)))), tolerance: nil)
    }
}
