import Foundation
import Logging
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashZoomAPI

/// The Zoom calls the doctor's Zoom checks share, each made once: an unauthenticated request (is the
/// API there at all, and what time does it say), the token grant, and one cheap authenticated call.
/// No retries and no budget: the doctor reports what Zoom answered the first time.
actor ZoomProbeSession {
    /// An answer and when, by the local clock, its request went out and it came back.
    struct Answer: Sendable {
        var response: HTTPClientResponse
        var sentAt: Double
        var receivedAt: Double

        var error: ZoomErrorBody? { try? JSONDecoder().decode(ZoomErrorBody.self, from: Data(response.body)) }
    }

    /// A token and what Zoom said with it.
    struct Grant: Sendable {
        var token: String
        /// nil when the answer named none.
        var scopes: [String]?
        var apiURL: String?
    }

    nonisolated let settings: ZoomSettings
    private let http: any HTTPClient
    private let now: @Sendable () -> Double
    private let tokens: ZoomTokenProvider
    private var answers: [String: Result<Answer, HTTPClientError>] = [:]
    private var grantResult: Result<Grant, any Error>?

    /// Requests give up after this long: an admin waits for the doctor.
    static let timeoutSeconds = 15

    init(settings: ZoomSettings, http: any HTTPClient, now: @escaping @Sendable () -> Double, logger: Logger) {
        var settings = settings
        settings.requestTimeoutSeconds = min(settings.requestTimeoutSeconds, Self.timeoutSeconds)
        self.settings = settings
        self.http = http
        self.now = now
        tokens = ZoomTokenProvider(settings: settings, http: http, logger: logger) { now() }
    }

    /// `GET {api_url}/users?page_size=1` without a token: any HTTP answer (Zoom's is 401) means the API
    /// can be reached.
    func unauthenticated() async -> Result<Answer, HTTPClientError> {
        await send("/users", query: [("page_size", "1")], token: nil)
    }

    func grant() async -> Result<Grant, any Error> {
        if let grantResult { return grantResult }
        let result: Result<Grant, any Error>
        do {
            let token = try await tokens.token()
            result = .success(Grant(token: token, scopes: await tokens.grantedScopes, apiURL: await tokens.grantedAPIURL))
        } catch {
            result = .failure(error)
        }
        grantResult = result
        return result
    }

    /// One page of one meeting of today's Dashboard list (`GET /metrics/meetings?type=past`): whether the
    /// account has the Dashboard, at the cost of one Resource-intensive request.
    func dashboardProbe() async -> Result<Answer, any Error> {
        let today = ZoomTime.day(Int64(now()))
        return await authenticated("/metrics/meetings", query: [("type", "past"), ("from", today), ("to", today), ("page_size", "1")])
    }

    /// `GET /users?page_size=1` with the token: a Medium request every setup may make.
    func usersProbe() async -> Result<Answer, any Error> {
        await authenticated("/users", query: [("status", "active"), ("page_size", "1")])
    }

    private func authenticated(_ path: String, query: [(String, String)]) async -> Result<Answer, any Error> {
        switch await grant() {
        case .failure(let error): return .failure(error)
        case .success(let grant): return await send(path, query: query, token: grant.token).mapError { $0 as any Error }
        }
    }

    private func send(_ path: String, query: [(String, String)], token: String?) async -> Result<Answer, HTTPClientError> {
        let url = settings.apiURL + path + "?" + ZoomPath.query(query)
        let key = (token == nil ? "anonymous " : "") + url
        if let known = answers[key] { return known }
        var headers = [HTTPHeader("Accept", "application/json")]
        if let token { headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        let sentAt = now()
        let result: Result<Answer, HTTPClientError>
        do {
            let response = try await http.send(HTTPClientRequest(url: url, headers: headers, timeout: .seconds(settings.requestTimeoutSeconds)))
            result = .success(Answer(response: response, sentAt: sentAt, receivedAt: now()))
        } catch let error as HTTPClientError {
            result = .failure(error)
        } catch {
            result = .failure(.transport(url: url, code: 0, message: "\(error)"))
        }
        answers[key] = result
        return result
    }
}
