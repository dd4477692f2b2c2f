import Foundation

/// Request counters served at `GET /_sim/stats` (not a Zoom endpoint), so benchmarks can check
/// how a client paced itself.
actor SimulatorStats {
    private var requestSequence = 0
    private var total = 0
    private var byCategory: [String: Int] = [:]
    private var byEndpoint: [String: Int] = [:]
    private var byStatus: [String: Int] = [:]
    private var windowLimited = 0
    private var dailyLimited = 0
    private var injectedFailures = 0
    private var tokensIssued = 0
    private var tokenRequestsRejected = 0
    private var heavyFirst: Date?
    private var heavyLast: Date?

    /// Records an authenticated API call and returns its sequence number (never reset, so
    /// failure injection stays deterministic across `reset()`).
    func recordRequest(endpoint: String, category: RateLimitCategory, now: Date) -> Int {
        requestSequence += 1
        total += 1
        byCategory[category.rawValue, default: 0] += 1
        byEndpoint[endpoint, default: 0] += 1
        if category == .heavy {
            if heavyFirst == nil { heavyFirst = now }
            heavyLast = now
        }
        return requestSequence
    }

    func recordStatus(_ status: Int) { byStatus[String(status), default: 0] += 1 }
    func recordWindowLimited() { windowLimited += 1 }
    func recordDailyLimited() { dailyLimited += 1 }
    func recordInjectedFailure() { injectedFailures += 1 }
    func recordTokenIssued() { tokensIssued += 1 }
    func recordTokenRejected() { tokenRequestsRejected += 1 }

    /// Every 429 of the per-window kind; alternate ones carry `Retry-After: 1`.
    var windowLimitedCount: Int { windowLimited }

    func reset() {
        total = 0
        byCategory = [:]
        byEndpoint = [:]
        byStatus = [:]
        windowLimited = 0
        dailyLimited = 0
        injectedFailures = 0
        tokensIssued = 0
        tokenRequestsRejected = 0
        heavyFirst = nil
        heavyLast = nil
    }

    func snapshot() -> JSONValue {
        func counts(_ dictionary: [String: Int]) -> JSONValue {
            .object(dictionary.keys.sorted().map { ($0, .integer(dictionary[$0]!)) })
        }
        return .object([
            ("requests_total", .integer(total)),
            ("requests_by_category", counts(byCategory)),
            ("requests_by_endpoint", counts(byEndpoint)),
            ("responses_by_status", counts(byStatus)),
            ("rate_limited_429", .integer(windowLimited + dailyLimited)),
            ("rate_limited_window_429", .integer(windowLimited)),
            ("rate_limited_daily_429", .integer(dailyLimited)),
            ("injected_5xx", .integer(injectedFailures)),
            ("tokens_issued", .integer(tokensIssued)),
            ("token_requests_rejected", .integer(tokenRequestsRejected)),
            ("heavy_requests", .integer(byCategory[RateLimitCategory.heavy.rawValue] ?? 0)),
            ("heavy_first_request", heavyFirst.map { .string(UTCTime.iso8601Milliseconds($0)) } ?? .null),
            ("heavy_last_request", heavyLast.map { .string(UTCTime.iso8601Milliseconds($0)) } ?? .null),
        ])
    }
}
