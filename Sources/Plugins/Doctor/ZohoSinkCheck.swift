import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashSinks

/// `sinks.NAME` for `type = "zoho"`: Zoho's accounts server renews an access token with the sink's
/// client and refresh token, as every upload begins.
struct ZohoSinkCheck: DoctorProbe {
    let name: String
    let settings: ZohoSettings
    let http: any HTTPClient

    func examine() async -> DoctorCheck {
        let id = "sinks.\(name)"
        let title = "Sink \(name) (Zoho Analytics)"
        let facts: [String: DoctorFact] = ["type": "zoho", "accounts_url": .text(settings.accountsURL)]
        do {
            try await SinkProbe.zohoToken(settings, http: http)
        } catch SinkError.zohoAuthentication(let reason) {
            return .problem(
                id, title, "Zoho refused to renew the access token (\(reason))",
                fix: "check [sinks.\(name)] client_id and the client secret, or create a new refresh token in Zoho's API console (Self Client, "
                    + "scopes ZohoAnalytics.data.all and ZohoAnalytics.metadata.read) and store it as the credential zoho-refresh-token",
                facts: facts)
        } catch {
            return .problem(
                id, title, "no answer from \(settings.accountsURL): \(error)",
                fix: "check DNS, the firewall and any proxy, and [sinks.\(name)] data_centre / accounts_url", facts: facts)
        }
        return .ok(id, title, "Zoho renewed an access token (\(settings.accountsURL)); uploads to workspace \(settings.workspace) can start", facts: facts)
    }
}
