/// Errors of the sinks, worded for the admin who has to act on them.
public enum SinkError: Error, CustomStringConvertible, Sendable, Hashable {
    /// Zoho's accounts server refused the client or the refresh token.
    case zohoAuthentication(reason: String)
    /// A Zoho Analytics request failed for good (after its retries).
    case zohoRequest(request: String, status: Int, code: Int?, message: String)
    /// The plan's daily API units, or the configured budget of them, are used up.
    case zohoUnitsUsedUp(needed: Int, left: Int)
    /// The workspace named in the config does not exist in the organisation.
    case zohoWorkspaceNotFound(workspace: String, known: [String])
    /// The sink needs the store for its own state and was built without one.
    case noStore(sink: String)

    public var description: String {
        switch self {
        case .zohoAuthentication(let reason):
            return "Zoho refused the credentials (\(reason)): check [sinks.NAME] client_id and the client secret, or create a new refresh token in Zoho's API console (Self Client, scopes ZohoAnalytics.data.all and ZohoAnalytics.metadata.read) and store it as the credential zoho-refresh-token"
        case .zohoRequest(let request, let status, let code, let message):
            return "Zoho Analytics answered \(request) with HTTP \(status)\(code.map { ", error \($0)" } ?? ""): \(message)"
        case .zohoUnitsUsedUp(let needed, let left):
            return "the day's Zoho API units are used up (\(needed) needed, \(left) left of daily_units); the rest is sent after midnight UTC, or raise daily_units if the plan has more"
        case .zohoWorkspaceNotFound(let workspace, let known):
            return "no Zoho Analytics workspace \"\(workspace)\" in this organisation (found: \(known.isEmpty ? "none" : known.joined(separator: ", "))); create it in Zoho or fix [sinks.NAME] workspace"
        case .noStore(let sink):
            return "sink \(sink) keeps what it uploaded in the store, and none was given (a bug in zoomdash; please report it)"
        }
    }
}
