import Foundation
import Logging
import ZoomDashHTTPClient

/// Zoho access tokens from the refresh-token grant: cached, renewed five minutes before they expire,
/// and dropped when Zoho says one is invalid (error 8535), so the next request gets a fresh one.
/// Zoho answers a failed grant with HTTP 200 and an `error` field: success is an `access_token`.
actor ZohoTokenProvider {
    private let settings: ZohoSettings
    private let http: any HTTPClient
    private let now: @Sendable () -> Double
    private var cached: (token: String, expiresAt: Double)?

    init(settings: ZohoSettings, http: any HTTPClient, now: @escaping @Sendable () -> Double) {
        self.settings = settings
        self.http = http
        self.now = now
    }

    func token() async throws -> String {
        if let cached, cached.expiresAt - 300 > now() { return cached.token }
        let form = [
            ("grant_type", "refresh_token"), ("client_id", settings.clientID), ("client_secret", settings.clientSecret),
            ("refresh_token", settings.refreshToken),
        ].map { "\($0.0)=\(ZohoQuery.encode($0.1))" }.joined(separator: "&")
        let response = try await http.send(
            HTTPClientRequest(
                method: "POST", url: settings.accountsURL + "/oauth/v2/token",
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8)))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        guard let token = json["access_token"] as? String, !token.isEmpty else {
            let reason = (json["error"] as? String) ?? "HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))"
            throw SinkError.zohoAuthentication(reason: reason)
        }
        let lifetime = (json["expires_in"] as? Double) ?? (json["expires_in"] as? Int).map(Double.init) ?? 3600
        cached = (token, now() + lifetime)
        return token
    }

    func invalidate(_ token: String) {
        if cached?.token == token { cached = nil }
    }
}

enum ZohoQuery {
    /// Percent-encoding for query values and form fields: everything but unreserved characters.
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
