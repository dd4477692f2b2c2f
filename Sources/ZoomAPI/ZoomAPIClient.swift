import Foundation
import Logging
import ZoomDashCore
import ZoomDashHTTPClient

/// Calls the Zoom REST API: authenticates, paces requests with the plan's budget, retries what is
/// worth retrying (429 after `Retry-After`, 5xx and transport errors with jittered backoff, one token
/// renewal on 401 / code 124) and gives up with an actionable ``ZoomAPIError`` otherwise.
public struct ZoomAPIClient: Sendable {
    public let settings: ZoomSettings
    public let stats: ZoomAPIStats
    public let budget: any RateBudget
    /// Which lane of the budget this client's requests take (``inLane(_:)``).
    public private(set) var lane = RequestLane.foreground
    private let http: any HTTPClient
    /// Shared with Zoom's WebSocket source: one token for REST and the socket.
    public let tokens: ZoomTokenProvider
    private let policy: RetryPolicy
    private let logger: Logger
    private let jitter: @Sendable () -> Double

    public init(
        settings: ZoomSettings, http: any HTTPClient, budget: any RateBudget, logger: Logger,
        policy: RetryPolicy = RetryPolicy(), stats: ZoomAPIStats = ZoomAPIStats(),
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.settings = settings
        self.http = http
        self.budget = budget
        self.logger = logger
        self.policy = policy
        self.stats = stats
        self.jitter = jitter
        self.tokens = ZoomTokenProvider(settings: settings, http: http, logger: logger) { await budget.now }
    }

    /// The same client, its requests in `lane` (the QoS collector runs in the background lane).
    public func inLane(_ lane: RequestLane) -> ZoomAPIClient {
        var client = self
        client.lane = lane
        return client
    }

    /// GETs `path` (relative to `[zoom] api_url`, already encoded) and decodes the JSON answer.
    public func get<T: Decodable>(
        _ path: String, query: [(String, String)] = [], category: RateCategory, as type: T.Type = T.self
    ) async throws -> T {
        let body = try await send(path: path, query: query, category: category)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw ZoomAPIError.invalidResponse(request: "GET \(path)", reason: "\(error)")
        }
    }

    /// Fetches every page of a list (largest page size, `next_page_token`). Page tokens expire after
    /// 15 minutes; if one does, the listing restarts once from the first page.
    public func list<Item: ZoomListItem>(
        _ path: String, query: [(String, String)] = [], category: RateCategory, pageSize: Int = 300,
        of type: Item.Type = Item.self
    ) async throws -> [Item] {
        do {
            return try await listOnce(path, query: query, category: category, pageSize: pageSize)
        } catch ZoomAPIError.requestFailed(_, 400, 300, _, _) {
            logger.notice("Zoom page token expired; restarting the listing", metadata: ["zoom.request": "\(path)"])
            return try await listOnce(path, query: query, category: category, pageSize: pageSize)
        }
    }

    private func listOnce<Item: ZoomListItem>(
        _ path: String, query: [(String, String)], category: RateCategory, pageSize: Int
    ) async throws -> [Item] {
        var items: [Item] = []
        var token: String?
        repeat {
            var pageQuery = query + [("page_size", String(pageSize))]
            if let token { pageQuery.append(("next_page_token", token)) }
            let page: ZoomPage<Item> = try await get(path, query: pageQuery, category: category)
            items += page.items
            token = page.nextPageToken
        } while token?.isEmpty == false
        return items
    }

    private func send(path: String, query: [(String, String)], category: RateCategory) async throws -> [UInt8] {
        let url = settings.apiURL + path + (query.isEmpty ? "" : "?" + ZoomPath.query(query))
        let label = "GET \(path)"
        var attempt = 1
        var rateLimitedWaits = 0
        while true {
            try Task.checkCancellation()
            try await budget.acquire(category, lane: lane)
            let token = try await tokens.token()
            let request = HTTPClientRequest(
                url: url,
                headers: [HTTPHeader("Authorization", "Bearer \(token)"), HTTPHeader("Accept", "application/json")],
                timeout: .seconds(settings.requestTimeoutSeconds))
            let outcome: RetryPolicy.Outcome
            var failure: ZoomAPIError
            do {
                let response = try await http.send(request)
                stats.record(category, code: String(response.status))
                await budget.observe(
                    category, type: response.header("x-ratelimit-type"),
                    remaining: response.header("x-ratelimit-remaining").flatMap { Int($0) })
                if (200..<300).contains(response.status) { return response.body }
                let body = try? JSONDecoder().decode(ZoomErrorBody.self, from: Data(response.body))
                let trackingID = response.header("x-zm-trackingid")
                failure = .requestFailed(
                    request: label, status: response.status, code: body?.code, message: body?.message ?? "",
                    trackingID: trackingID)
                (outcome, failure) = try await classify(response, body: body, path: path, token: token, failure: failure)
            } catch let error as HTTPClientError {
                if case .cancelled = error { throw CancellationError() }
                stats.record(category, code: "error")
                outcome = .transportError
                failure = .requestFailed(request: label, status: 0, code: nil, message: "\(error)", trackingID: nil)
            }
            let now = await budget.now
            switch policy.action(after: outcome, attempt: attempt, rateLimitedWaits: rateLimitedWaits, now: now, jitter: jitter()) {
            case .fail:
                logger.error("Zoom request failed for good", metadata: ["zoom.request": "\(label)", "error": "\(failure)"])
                throw failure
            case .refreshTokenAndRetry:
                logger.info("Zoom rejected the access token; renewing it", metadata: ["zoom.request": "\(label)"])
            case .retry(let seconds):
                logger.warning(
                    "Zoom request failed; retrying",
                    metadata: [
                        "zoom.request": "\(label)", "zoom.attempt": "\(attempt)", "zoom.rate_limited_waits": "\(rateLimitedWaits)",
                        "retry.after_s": "\(String(format: "%.2f", seconds))", "error": "\(failure)",
                    ])
                try await budget.sleep(seconds: seconds)
            }
            if case .rateLimited = outcome { rateLimitedWaits += 1 } else { attempt += 1 }
        }
    }

    /// Maps a non-2xx answer to a retry outcome, and tells the budget and token cache what happened.
    private func classify(
        _ response: HTTPClientResponse, body: ZoomErrorBody?, path: String, token: String, failure: ZoomAPIError
    ) async throws -> (RetryPolicy.Outcome, ZoomAPIError) {
        let category = RateCategory(rawValue: response.header("x-ratelimit-category") ?? "")
        switch response.status {
        case 429:
            let daily = response.header("x-ratelimit-type")?.lowercased() == "daily-limit"
                || (body?.message.lowercased().contains("daily") ?? false)
            // Without Retry-After, come back when the category's window turns over: a second for the
            // per-second categories, up to a minute for Resource-intensive (20/min), which another app on
            // the same account may have used up.
            var retryAt = await retryAfter(response.header("retry-after"))
            if retryAt == nil, let category {
                retryAt = RateLimitBudget.nextWindow(after: await budget.now, periodSeconds: settings.plan.limit(for: category).periodSeconds)
                    + jitter() * 0.5
            }
            if let category { await budget.rateLimited(category, daily: daily, retryAt: retryAt) }
            if daily, let category {
                let midnight = RateLimitBudget.nextMidnight(after: await budget.now)
                return (.rateLimited(daily: true, retryAt: retryAt), .dailyLimitReached(category: category, until: retryAt ?? midnight))
            }
            return (.rateLimited(daily: daily, retryAt: retryAt), failure)
        case 401:
            await tokens.invalidate(token)
            return (.unauthorized, failure)
        case 400 where body?.code == 124:
            await tokens.invalidate(token)
            return (.unauthorized, failure)
        case 400 where path.hasPrefix("/metrics") && Self.saysNoDashboard(body):
            throw ZoomAPIError.dashboardUnavailable(message: body?.message ?? "")
        case 500...599:
            return (.serverError(status: response.status), failure)
        default:
            return (.clientError(status: response.status), failure)
        }
    }

    /// Zoom answers Dashboard calls on plans without the feature with 400 and code 200 ("No permission",
    /// "Only available for paid account") or a message naming the Dashboard.
    static func saysNoDashboard(_ body: ZoomErrorBody?) -> Bool {
        guard let body else { return false }
        return saysNoDashboard(code: body.code, message: body.message)
    }

    /// The same, from an answer's `code` and `message`.
    public static func saysNoDashboard(code: Int?, message: String) -> Bool {
        let message = message.lowercased()
        return code == 200 || message.contains("dashboard") || message.contains("only available")
    }

    /// `Retry-After` is seconds, or (daily limits) an ISO 8601 date.
    private func retryAfter(_ header: String?) async -> Double? {
        guard let header, !header.isEmpty else { return nil }
        if let seconds = Double(header) { return await budget.now + seconds }
        return ZoomTime.parse(header).map(Double.init)
    }
}
