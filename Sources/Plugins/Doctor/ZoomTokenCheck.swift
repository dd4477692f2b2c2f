import Foundation
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashZoomAPI

/// `zoom.token`: Zoom issues a Server-to-Server OAuth token for `[zoom] account_id`, `client_id` and
/// the client secret. Zoom refuses an account id that is not the app's, so a token means it matches.
struct ZoomTokenCheck: DoctorProbe {
    static let id = "zoom.token"
    let session: ZoomProbeSession
    /// Where the client secret came from, to say which copy to fix.
    let secretOrigin: SecretOrigin

    func examine() async -> DoctorCheck {
        let title = "Zoom token"
        let settings = session.settings
        let missing = [("account_id", settings.accountID), ("client_id", settings.clientID)].filter { $0.1.isEmpty }.map(\.0)
        guard missing.isEmpty else {
            return .problem(
                Self.id, title, "[zoom] \(missing.joined(separator: " and ")) \(missing.count == 1 ? "is" : "are") not set",
                fix: "copy Account ID and Client ID from the Server-to-Server OAuth app's App Credentials page (Zoom App Marketplace) into [zoom]")
        }
        guard !settings.clientSecret.isEmpty else {
            return .skipped(Self.id, title, "no client secret to ask with (see Secrets)")
        }
        let facts: [String: DoctorFact] = ["account_id": .text(settings.accountID), "oauth_url": .text(settings.oauthURL)]
        switch await session.grant() {
        case .success(let grant):
            var detail = "Zoom issued a token for account \(settings.accountID) (client \(settings.clientID))"
            if let apiURL = grant.apiURL, let named = URL(string: apiURL)?.host, let configured = URL(string: settings.apiURL)?.host,
                named != configured
            {
                detail += "; its answer names the API host \(named), [zoom] api_url uses \(configured)"
            }
            var withScopes = facts
            withScopes["api_url"] = grant.apiURL.map(DoctorFact.text)
            return .ok(Self.id, title, detail, facts: withScopes)
        case .failure(let error as ZoomAPIError):
            return Self.verdict(error, settings: settings, secret: secretOrigin, facts: facts)
        case .failure(let error as HTTPClientError):
            return .problem(
                Self.id, title, "no answer from \(settings.oauthURL): \(error)",
                fix: "ZoomDash needs outbound HTTPS to zoom.us: check DNS, the firewall and any proxy, and [zoom] oauth_url", facts: facts)
        case .failure(let error):
            return .problem(Self.id, title, "\(error)", fix: nil, facts: facts)
        }
    }

    static func verdict(_ error: ZoomAPIError, settings: ZoomSettings, secret: SecretOrigin, facts: [String: DoctorFact]) -> DoctorCheck {
        let title = "Zoom token"
        switch error {
        case .authenticationFailed(let status, let reason):
            let lower = reason.lowercased()
            if lower.contains("account") {
                return .problem(
                    id, title, "Zoom does not accept account_id \(settings.accountID) for this app (HTTP \(status): \(reason))",
                    fix: "set [zoom] account_id to the Account ID on the app's App Credentials page (it is the account's, not a user's id)",
                    facts: facts)
            }
            if lower.contains("grant") {
                return .problem(
                    id, title, "Zoom refused the account_credentials grant (HTTP \(status): \(reason)): the app is not a Server-to-Server OAuth app",
                    fix: "create a Server-to-Server OAuth app (Zoom App Marketplace → Develop → Build App) and use its credentials", facts: facts)
            }
            return .problem(
                id, title, "Zoom refused client_id \(settings.clientID) with this client secret (HTTP \(status): \(reason))",
                fix: "copy Client ID and Client Secret again from the app's App Credentials page (a regenerated secret replaces the old one) "
                    + "into \(secret == .missing ? "the credential zoom-client-secret" : secret.description); check that the app is activated",
                facts: facts)
        case .requestFailed(_, let status, _, let message, _) where status >= 500:
            return .problem(
                id, title, "Zoom's OAuth server failed (HTTP \(status)\(message.isEmpty ? "" : ": \(message)"))",
                fix: "try again in a few minutes; status.zoom.us says whether Zoom knows", facts: facts)
        case .invalidResponse:
            return .problem(
                id, title, "\(settings.oauthURL) answered without an access token: \(error)",
                fix: "set [zoom] oauth_url to Zoom's token endpoint, https://zoom.us/oauth/token", facts: facts)
        default:
            return .problem(id, title, "\(error)", fix: nil, facts: facts)
        }
    }
}
