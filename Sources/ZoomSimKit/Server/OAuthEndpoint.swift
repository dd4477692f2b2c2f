import Foundation

/// `POST /oauth/token` with the Server-to-Server `account_credentials` grant (docs/zoom-api-notes.md §1),
/// or the app-level `client_credentials` grant, whose token only opens the WebSocket (docs/websocket.md).
extension SimulatorCore {
    struct TokenOutcome: Sendable {
        let status: Int
        let body: JSONValue
    }

    func issueToken(authorization: String?, formBody: String, rawQuery: Substring?, authority: String, now: Date) async -> TokenOutcome {
        func oauthError(_ status: Int, _ reason: String, _ error: String) -> TokenOutcome {
            TokenOutcome(status: status, body: .object([("reason", .string(reason)), ("error", .string(error))]))
        }
        guard let credentials = Self.basicCredentials(authorization),
            credentials.id == config.clientID, credentials.secret == config.clientSecret
        else {
            await stats.recordTokenRejected()
            return oauthError(401, "Invalid client_id or client_secret", "invalid_client")
        }
        let form = QueryParameters(Substring(formBody))
        guard let grantType = form["grant_type"] else {
            // Zoom used to accept grant_type/account_id in the query string; it now answers 400.
            await stats.recordTokenRejected()
            let inQuery = QueryParameters(rawQuery)["grant_type"] != nil
            return oauthError(400, inQuery ? "grant_type must be sent in the request body" : "Missing grant type", "invalid_request")
        }
        guard let grant = AccessTokenStore.Grant(rawValue: grantType) else {
            await stats.recordTokenRejected()
            return oauthError(400, "unsupported grant type", "unsupported_grant_type")
        }
        guard grant == .clientCredentials || form["account_id"] == config.accountID else {
            await stats.recordTokenRejected()
            return oauthError(400, "Invalid account_id", "invalid_request")
        }
        let token = await tokens.issue(now: now, grant: grant)
        await stats.recordTokenIssued()
        var scopes = ["meeting:read:admin", "report:read:admin", "user:read:admin"]
        if config.dashboardAvailable { scopes += ["dashboard_meetings:read:admin", "dashboard:read:admin"] }
        if let granted = config.scopes { scopes = granted }
        // What Zoom's example answer of an app-level token lists.
        if grant == .clientCredentials {
            scopes = ["marketplace:delete:event_subscription", "marketplace:read:list_event_subscriptions", "marketplace:update:event_subscription",
                      "marketplace:write:event_subscription", "marketplace:write:websocket_connection"]
        }
        return TokenOutcome(status: 200, body: .object([
            ("access_token", .string(token)),
            ("token_type", .string("bearer")),
            // Real responses usually say 3599 for a one-hour token.
            ("expires_in", .integer(max(1, config.tokenTTLSeconds - 1))),
            ("scope", .string(scopes.sorted().joined(separator: " "))),
            ("api_url", .string("http://\(authority)")),
        ]))
    }

    private static func basicCredentials(_ header: String?) -> (id: String, secret: String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
