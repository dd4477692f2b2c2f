import Foundation
import Logging
import ZoomDashCore
import ZoomDashHTTPClient

/// Server-to-Server OAuth: fetches an access token with the account credentials, caches it and
/// renews it a minute before it expires (or earlier, for a caller that needs more life left).
/// Concurrent callers share one token request per grant: the REST client and the WebSocket source
/// hold one provider. The REST API takes `account_credentials` tokens; the WebSocket may use
/// `client_credentials` ones too (``ZoomTokenGrant``).
public actor ZoomTokenProvider {
    private let settings: ZoomSettings
    private let http: any HTTPClient
    private let now: @Sendable () async -> Double
    private let logger: Logger
    private var cached: [ZoomTokenGrant: (token: String, expiresAt: Double)] = [:]
    private var waiters: [ZoomTokenGrant: [CheckedContinuation<String, any Error>]] = [:]
    private var fetching: Set<ZoomTokenGrant> = []
    public private(set) var tokensIssued = 0
    /// The latest token's `scope` string split into scopes; nil until a token came, or when Zoom's
    /// answer had none.
    public private(set) var grantedScopes: [String]?
    /// The latest answer's `api_url` (the account's API host, as Zoom names it), when it had one.
    public private(set) var grantedAPIURL: String?

    /// Renew this long before Zoom's stated expiry.
    static let renewalMarginSeconds = 60.0

    public init(settings: ZoomSettings, http: any HTTPClient, logger: Logger, now: @escaping @Sendable () async -> Double) {
        self.settings = settings
        self.http = http
        self.now = now
        self.logger = logger
    }

    /// The account token, for the REST API.
    public func token() async throws -> String {
        try await token(grant: .accountCredentials, minimumLifetimeSeconds: 0)
    }

    /// A token of `grant` with at least `minimumLifetimeSeconds` left: the cached one if it has
    /// that (and more than the renewal margin), else a new one, whatever life Zoom gives it.
    public func token(grant: ZoomTokenGrant, minimumLifetimeSeconds: Double) async throws -> String {
        let margin = max(Self.renewalMarginSeconds, minimumLifetimeSeconds)
        if let cached = cached[grant], await now() < cached.expiresAt - margin { return cached.token }
        if fetching.contains(grant) {
            return try await withCheckedThrowingContinuation { waiters[grant, default: []].append($0) }
        }
        fetching.insert(grant)
        let result: Result<String, any Error>
        do {
            result = .success(try await fetch(grant))
        } catch {
            result = .failure(error)
        }
        fetching.remove(grant)
        let pending = waiters.removeValue(forKey: grant) ?? []
        for waiter in pending { waiter.resume(with: result) }
        return try result.get()
    }

    /// Seconds the cached token of `grant` has left; nil when none is cached.
    public func remainingLifetime(of grant: ZoomTokenGrant = .accountCredentials) async -> Double? {
        guard let cached = cached[grant] else { return nil }
        return cached.expiresAt - (await now())
    }

    /// Forgets `token` after Zoom rejected it, so the next call fetches a new one.
    public func invalidate(_ token: String) {
        for (grant, entry) in cached where entry.token == token { cached[grant] = nil }
    }

    private func fetch(_ grant: ZoomTokenGrant) async throws -> String {
        guard settings.hasCredentials else { throw ZoomAPIError.missingCredentials }
        let basic = Data("\(settings.clientID):\(settings.clientSecret)".utf8).base64EncodedString()
        // Zoom now rejects these parameters in the query string; they go in the form body. An
        // app-level token names no account.
        let form = ZoomPath.query(
            grant == .accountCredentials ? [("grant_type", grant.rawValue), ("account_id", settings.accountID)] : [("grant_type", grant.rawValue)])
        let request = HTTPClientRequest(
            method: "POST", url: settings.oauthURL,
            headers: [
                HTTPHeader("Authorization", "Basic \(basic)"),
                HTTPHeader("Content-Type", "application/x-www-form-urlencoded"),
                HTTPHeader("Accept", "application/json"),
            ],
            body: Array(form.utf8), timeout: .seconds(settings.requestTimeoutSeconds))
        let response = try await http.send(request)
        guard response.status == 200 else {
            let body = try? JSONDecoder().decode(ZoomErrorBody.self, from: Data(response.body))
            let reason = body?.message ?? String(decoding: response.body.prefix(200), as: UTF8.self)
            if response.status >= 500 {
                throw ZoomAPIError.requestFailed(
                    request: "POST \(settings.oauthURL)", status: response.status, code: body?.code, message: reason,
                    trackingID: response.header("x-zm-trackingid"))
            }
            throw ZoomAPIError.authenticationFailed(status: response.status, reason: reason)
        }
        struct TokenResponse: Decodable {
            var access_token: String
            var expires_in: Double?
            var scope: String?
            var api_url: String?
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: Data(response.body)) else {
            throw ZoomAPIError.invalidResponse(request: "POST \(settings.oauthURL)", reason: "no access_token in the answer")
        }
        cached[grant] = (decoded.access_token, await now() + (decoded.expires_in ?? 3600))
        // What the REST API may do is the account token's business only.
        if grant == .accountCredentials {
            grantedScopes = decoded.scope.map { $0.split(separator: " ").map(String.init) }
            grantedAPIURL = decoded.api_url
        }
        tokensIssued += 1
        logger.debug(
            "obtained a Zoom access token",
            metadata: ["zoom.token.grant": "\(grant.rawValue)", "zoom.token.expires_in_s": "\(decoded.expires_in ?? 3600)"])
        return decoded.access_token
    }
}
