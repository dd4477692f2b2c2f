import Testing
import ZoomDashCore

@testable import ZoomDashZoomAPI

@Suite struct RateLimitBudgetTests {
    let midnight = 1_795_132_800.0  // 2026-11-20T00:00:00Z

    @Test func neverExceedsThePlanLimitInAnyOneSecondWindow() {
        var budget = RateLimitBudget(plan: .business, now: midnight)
        var now = midnight
        var starts: [Double] = []
        while starts.count < 400 {
            switch budget.reserve(.heavy, now: now) {
            case .proceed: starts.append(now)
            case .wait(let until): now = until
            case .exhausted: Issue.record("daily cap reached unexpectedly"); return
            }
        }
        // Sliding one-second windows: at most 40 (Business Heavy) in any of them.
        var maxInWindow = 0
        var low = 0
        for high in starts.indices {
            while starts[high] - starts[low] >= 1 { low += 1 }
            maxInWindow = max(maxInWindow, high - low + 1)
        }
        #expect(maxInWindow <= 40)
        let rate = Double(starts.count - 1) / (starts.last! - starts.first!)
        #expect(rate >= 36, "steady rate \(rate)/s must be at least 90% of 40/s")
    }

    @Test func planSetsTheLimits() {
        #expect(ZoomPlan.pro.limit(for: .heavy).requests == 10)
        #expect(ZoomPlan.business.limit(for: .resourceIntensive) == .init(requests: 20, periodSeconds: 60))
        #expect(ZoomPlan.enterprise.dailyHeavyCap == 60_000)
    }

    @Test func rateLimitedPausesTheCategoryUntilRetryAfter() {
        var budget = RateLimitBudget(plan: .business, now: midnight)
        budget.rateLimited(.heavy, daily: false, retryAt: midnight + 5, now: midnight)
        #expect(budget.reserve(.heavy, now: midnight + 1) == .wait(until: midnight + 5))
        #expect(budget.reserve(.light, now: midnight + 1) == .proceed)
    }

    @Test func dailyCapBlocksHeavyUntilNextUTCMidnightThenResets() {
        var budget = RateLimitBudget(plan: .pro, now: midnight + 100)
        budget.observe(.heavy, type: "Daily-limit", remaining: 0, now: midnight + 100)
        #expect(budget.reserve(.heavy, now: midnight + 200) == .exhausted(until: midnight + 86_400))
        #expect(budget.reserve(.resourceIntensive, now: midnight + 200) == .exhausted(until: midnight + 86_400))
        #expect(budget.reserve(.medium, now: midnight + 200) == .proceed)
        #expect(budget.reserve(.heavy, now: midnight + 86_401) == .proceed)
    }

    @Test func dailyRetryAfterDateBlocksUntilThatDate() {
        var budget = RateLimitBudget(plan: .business, now: midnight)
        budget.rateLimited(.heavy, daily: true, retryAt: midnight + 3600, now: midnight)
        #expect(budget.reserve(.heavy, now: midnight + 10) == .exhausted(until: midnight + 3600))
    }

    @Test func remainingZeroFromHeadersPausesForASecond() {
        var budget = RateLimitBudget(plan: .business, now: midnight)
        budget.observe(.heavy, type: "QPS", remaining: 0, now: midnight)
        #expect(budget.reserve(.heavy, now: midnight + 0.5) == .wait(until: midnight + 1))
    }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test func backoffGrowsExponentiallyWithJitterAndACeiling() {
        #expect(policy.backoff(attempt: 1, jitter: 0) == 0.25)
        #expect(policy.backoff(attempt: 1, jitter: 1) == 0.5)
        #expect(policy.backoff(attempt: 3, jitter: 0.5) == 1.5)
        #expect(policy.backoff(attempt: 30, jitter: 1) == 30)
    }

    @Test func decidesPerOutcome() {
        #expect(policy.action(after: .serverError(status: 503), attempt: 1, now: 0, jitter: 0) == .retry(afterSeconds: 0.25))
        #expect(policy.action(after: .transportError, attempt: 2, now: 0, jitter: 1) == .retry(afterSeconds: 1))
        #expect(policy.action(after: .rateLimited(daily: false, retryAt: 7), attempt: 1, now: 5, jitter: 0) == .retry(afterSeconds: 2))
        #expect(policy.action(after: .rateLimited(daily: false, retryAt: nil), attempt: 1, now: 5, jitter: 0.5) == .retry(afterSeconds: 1.5))
        #expect(policy.action(after: .rateLimited(daily: true, retryAt: 100), attempt: 1, now: 5, jitter: 0) == .fail)
        #expect(policy.action(after: .unauthorized, attempt: 1, now: 0, jitter: 0) == .refreshTokenAndRetry)
        #expect(policy.action(after: .unauthorized, attempt: 2, now: 0, jitter: 0) == .fail)
        #expect(policy.action(after: .clientError(status: 404), attempt: 1, now: 0, jitter: 0) == .fail)
    }

    @Test func nothingIsRetriedForever() {
        #expect(policy.action(after: .serverError(status: 500), attempt: policy.maxAttempts, now: 0, jitter: 0) == .fail)
        #expect(policy.action(after: .rateLimited(daily: false, retryAt: 10_000), attempt: 1, now: 0, jitter: 0) == .fail)
        #expect(policy.action(after: .rateLimited(daily: false, retryAt: nil), attempt: 1, rateLimitedWaits: policy.maxRateLimitedWaits, now: 0, jitter: 0) == .fail)
    }

    @Test func waitingOutTheAccountsSharedLimitIsNotAFailure() {
        let busy = RetryPolicy.Outcome.rateLimited(daily: false, retryAt: nil)
        #expect(policy.action(after: busy, attempt: 1, rateLimitedWaits: policy.maxAttempts + 1, now: 0, jitter: 0) == .retry(afterSeconds: 1))
        // Waits do not use up the attempts a server error has.
        #expect(policy.action(after: .serverError(status: 502), attempt: 1, rateLimitedWaits: 30, now: 0, jitter: 0) == .retry(afterSeconds: 0.25))
    }
}

@Suite struct RequestBudgetTests {
    @Test func pacesRequestsOnItsClockWithoutRealSleeps() async throws {
        let clock = ManualClock()
        let budget = RequestBudget(plan: .business, clock: clock, unixNow: 1_795_132_800)
        for _ in 0..<78 { try await budget.acquire(.heavy) }
        // 2 burst tokens, then 38/s: the 78th request starts 2 s later.
        #expect(clock.elapsed >= .milliseconds(1990) && clock.elapsed <= .milliseconds(2030))
        #expect(await budget.now >= 1_795_132_802)
    }

    @Test func dailyCapThrowsInsteadOfWaitingADay() async throws {
        let clock = ManualClock()
        let budget = RequestBudget(plan: .business, clock: clock, unixNow: 1_795_132_800)
        await budget.observe(.heavy, type: "Daily-limit", remaining: 0)
        await #expect(throws: ZoomAPIError.self) { try await budget.acquire(.heavy) }
        #expect(clock.sleeps.isEmpty)
    }
}

/// The background lane (QoS) never delays the foreground (participants) and keeps to its share.
@Suite struct RequestLaneTests {
    let midnight = 1_795_132_800.0

    @Test func backgroundWaitsWhileForegroundWaits() {
        var budget = RateLimitBudget(plan: .pro, now: midnight)
        var now = midnight
        // Use the bucket up: the next foreground request must wait.
        while case .proceed = budget.reserve(.heavy, now: now) {}
        guard case .wait(let foregroundAt) = budget.reserve(.heavy, now: now) else { Issue.record("expected a wait"); return }
        guard case .wait(let backgroundAt) = budget.reserve(.heavy, lane: .background(maxDailyShare: 1), now: now) else {
            Issue.record("expected a wait")
            return
        }
        #expect(backgroundAt > foregroundAt)
        now = foregroundAt
        #expect(budget.reserve(.heavy, now: now) == .proceed)
        // Background, even once the foreground has its token, tries again after it.
        if case .proceed = budget.reserve(.heavy, lane: .background(maxDailyShare: 1), now: now) {
            Issue.record("background went before the waiting foreground's turn was over")
        }
    }

    @Test func backgroundKeepsToItsShareOfTheDailyCapAndForegroundDoesNot() {
        var budget = RateLimitBudget(plan: .pro, now: midnight)
        var now = midnight
        var background = 0
        while true {
            switch budget.reserve(.heavy, lane: .background(maxDailyShare: 0.001), now: now) {
            case .proceed: background += 1
            case .wait(let until): now = until
            case .exhausted(let until):
                #expect(until == midnight + 86_400)
                #expect(background == 30, "0.1 % of 30,000")
                #expect(budget.reserve(.heavy, now: now + 1) == .proceed, "the foreground still has the rest of the cap")
                return
            }
        }
    }

    @Test func theShareComesBackTheNextDay() {
        var budget = RateLimitBudget(plan: .pro, now: midnight)
        var now = midnight + 3600
        var used = 0
        while used < 30 {
            if case .wait(let until) = budget.reserve(.heavy, lane: .background(maxDailyShare: 0.001), now: now) { now = until } else { used += 1 }
        }
        #expect(budget.reserve(.heavy, lane: .background(maxDailyShare: 0.001), now: now + 1) == .exhausted(until: midnight + 86_400))
        #expect(budget.reserve(.heavy, lane: .background(maxDailyShare: 0.001), now: midnight + 86_401) == .proceed)
    }
}
