import Foundation

/// `POST /oauth/v2/token` with the refresh-token grant (integrations.md §1.2). Every outcome is
/// HTTP 200: clients must look for `access_token`, as Zoho's own SDK does.
extension ZohoAccount {
    static let tokensPerWindow = 10
    static let tokenWindowSeconds: TimeInterval = 600

    mutating func grantToken(_ parameters: [String: String], now: Date) -> JSONValue {
        func failure(_ error: String, _ description: String? = nil) -> JSONValue {
            .object([("error", .string(error))] + (description.map { [("error_description", .string($0))] } ?? []))
        }
        guard parameters["grant_type"] == "refresh_token" else { return failure("unsupported_grant_type") }
        guard parameters["client_id"] == config.clientID, parameters["client_secret"] == config.clientSecret else {
            return failure("invalid_client")
        }
        guard let refreshToken = parameters["refresh_token"], refreshToken == config.refreshToken else {
            return failure("invalid_code")
        }
        let recent = (tokenIssues[refreshToken] ?? []).filter { now.timeIntervalSince($0) < Self.tokenWindowSeconds }
        guard recent.count < Self.tokensPerWindow else {
            tokenIssues[refreshToken] = recent
            return failure("Access Denied", "You have made too many requests continuously. Please try again after some time.")
        }
        tokenIssues[refreshToken] = recent + [now]
        tokenSequence += 1
        let token = "1000." + Self.hex(SeededRandom.mix(tokenSequence)) + Self.hex(SeededRandom.mix(~tokenSequence))
        tokens[token] = IssuedToken(expiresAt: now.addingTimeInterval(TimeInterval(config.tokenLifetimeSeconds)))
        stats.tokensIssued += 1
        return .object([
            ("access_token", .string(token)),
            ("api_domain", .string("https://www.zohoapis.com")),
            ("token_type", .string("Bearer")),
            ("expires_in", .integer(config.tokenLifetimeSeconds)),
        ])
    }

    /// `Authorization: Zoho-oauthtoken <token>`; "Bearer" is not accepted by Analytics.
    func isAuthorized(_ header: String?, now: Date) -> Bool {
        let prefix = "zoho-oauthtoken "
        guard let header, header.lowercased().hasPrefix(prefix) else { return false }
        let token = header.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        guard let issued = tokens[token] else { return false }
        return now < issued.expiresAt
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
