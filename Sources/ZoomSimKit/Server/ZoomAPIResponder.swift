import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The single Hummingbird responder. Routing is done by hand on the raw request target because
/// Zoom's meeting-id decoding rules depend on the exact percent-encoding the client sent.
struct ZoomAPIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let core: SimulatorCore

    func respond(to request: Request, context: Context) async throws -> Response {
        let target = request.head.path ?? "/"
        let questionMark = target.firstIndex(of: "?")
        let rawPath = String(target[..<(questionMark ?? target.endIndex)])
        let rawQuery = questionMark.map { target[target.index(after: $0)...] }
        let now = core.now
        switch (request.method, rawPath) {
        case (.post, "/oauth/token"):
            let body = try await request.body.collect(upTo: 64 * 1024)
            let outcome = await core.issueToken(
                authorization: request.headers[.authorization], formBody: String(buffer: body),
                rawQuery: rawQuery, authority: request.head.authority ?? "127.0.0.1", now: now)
            return Self.json(outcome.status, outcome.body)
        case (.get, "/_sim/stats"):
            return Self.json(200, await core.stats.snapshot())
        case (.post, "/_sim/reset-stats"):
            await core.stats.reset()
            return Self.json(200, .object([("reset", .bool(true))]))
        case (.get, _) where rawPath.hasPrefix("/v2/"):
            return await api(rawPath: rawPath, query: QueryParameters(rawQuery), authorization: request.headers[.authorization], now: now)
        default:
            return Self.json(404, APIError.notFound.body)
        }
    }

    private func api(rawPath: String, query: QueryParameters, authorization: String?, now: Date) async -> Response {
        var headers = HTTPFields()
        headers[.zoomTrackingID] = "v=2.0;clid=sim;rid=WEB_\(String(SeededRandom.mix(UInt64(bitPattern: Int64(now.timeIntervalSince1970 * 1e6))), radix: 16))"
        guard let route = APIRoute.match(rawPath: rawPath) else {
            return Self.json(404, APIError.notFound.body, headers: headers)
        }
        let category = route.category
        headers[.rateLimitCategory] = category.rawValue
        headers[.rateLimitType] = "QPS"
        let token = authorization.flatMap { $0.lowercased().hasPrefix("bearer ") ? String($0.dropFirst(7)) : nil }
        guard let token, await core.tokens.isValid(token, now: now) else {
            let (limit, remaining) = await core.rateLimiter.peek(category, now: now)
            headers[.rateLimitLimit] = String(limit)
            headers[.rateLimitRemaining] = String(remaining)
            await core.stats.recordStatus(401)
            return Self.json(401, APIError.invalidToken.body, headers: headers)
        }
        if let granted = core.config.scopes, let error = route.scopeError(granted: Set(granted)) {
            await core.stats.recordStatus(error.status)
            return Self.json(error.status, error.body, headers: headers)
        }
        let callNumber = await core.stats.recordRequest(endpoint: route.template, category: category, now: now)
        switch await core.rateLimiter.admit(category, now: now) {
        case .allowed(let limit, let remaining):
            headers[.rateLimitLimit] = String(limit)
            headers[.rateLimitRemaining] = String(remaining)
        case .windowExceeded(let limit):
            headers[.rateLimitLimit] = String(limit)
            headers[.rateLimitRemaining] = "0"
            await core.stats.recordWindowLimited()
            // Zoom sends Retry-After on some per-second 429s only; alternate deterministically.
            if await core.stats.windowLimitedCount % 2 == 1 { headers[.retryAfter] = "1" }
            await core.stats.recordStatus(429)
            return Self.json(429, APIError(status: 429, code: 429, message: "You have reached the maximum per-second rate limit for this API. Try again later.").body, headers: headers)
        case .dailyExceeded(let limit, let resetAt):
            headers[.rateLimitType] = "Daily-limit"
            headers[.rateLimitLimit] = String(limit)
            headers[.rateLimitRemaining] = "0"
            headers[.retryAfter] = UTCTime.iso8601(resetAt)
            await core.stats.recordDailyLimited()
            await core.stats.recordStatus(429)
            return Self.json(429, APIError(status: 429, code: 429, message: "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.").body, headers: headers)
        }
        if let status = core.failures.injectedStatus(forCall: callNumber) {
            await core.stats.recordInjectedFailure()
            await core.stats.recordStatus(status)
            return Self.json(status, FailureInjector.body(for: status), headers: headers)
        }
        do throws(APIError) {
            if route.isDashboard, !core.config.dashboardAvailable { throw APIError.dashboardUnavailable }
            let body = try await core.handle(route, query: query, now: now)
            await core.stats.recordStatus(200)
            return Self.json(200, body, headers: headers)
        } catch {
            await core.stats.recordStatus(error.status)
            return Self.json(error.status, error.body, headers: headers)
        }
    }

    static func json(_ status: Int, _ body: JSONValue, headers: HTTPFields = HTTPFields()) -> Response {
        var headers = headers
        headers[.contentType] = "application/json;charset=UTF-8"
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.serialized())))
    }
}
