import Foundation
import ZoomDashPipeline

/// Errors of the sinks, worded for the admin who has to act on them. A chat webhook URL is a
/// secret: only its redacted form (``ChatWebhook/redacted(_:)``) ever appears here.
public enum SinkError: Error, CustomStringConvertible, Sendable, Hashable, NotifierHold {
    /// Zoho's accounts server refused the client or the refresh token.
    case zohoAuthentication(reason: String)
    /// A Zoho Analytics request failed for good (after its retries).
    case zohoRequest(request: String, status: Int, code: Int?, message: String)
    /// The plan's daily API units, or the configured budget of them, are used up.
    case zohoUnitsUsedUp(needed: Int, left: Int)
    /// The workspace named in the config does not exist in the organisation.
    case zohoWorkspaceNotFound(workspace: String, known: [String])
    /// The chat server refused the webhook for good (bad URL, hook deleted, channel archived):
    /// retrying as it is cannot help.
    case chatRejected(sink: String, url: String, status: Int, detail: String, fix: String)
    /// 5xx or a transport failure of the chat server, after the quick retries: the daemon retries
    /// with backoff.
    case chatUnavailable(sink: String, url: String, reason: String)
    /// The chat server rate-limited us for longer than is worth waiting in line: retried after `until`.
    case chatRateLimited(sink: String, until: Double)
    /// Nothing wrong: chat events held back on purpose (grouping window, quiet hours, the per-minute
    /// limit). They stay in the outbox and are posted, grouped, at `until` or later.
    case chatHeld(sink: String, events: Int, until: Double, reason: String)
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
        case .chatRejected(let sink, let url, let status, let detail, let fix):
            return "sink \(sink): the chat server refused the webhook \(url) with HTTP \(status)\(detail.isEmpty ? "" : " (\(detail))"): \(fix)"
        case .chatUnavailable(let sink, let url, let reason):
            return "sink \(sink): could not post to \(url): \(reason); retrying with backoff, nothing is lost"
        case .chatRateLimited(let sink, let until):
            return "sink \(sink): the chat server asked us to slow down until \(Self.clock(until)); the messages wait in the outbox"
        case .chatHeld(let sink, let events, let until, let reason):
            return "sink \(sink): holding \(events) event\(events == 1 ? "" : "s") until \(Self.clock(until)) (\(reason)); not an error, they are posted then"
        case .noStore(let sink):
            return "sink \(sink) keeps what it uploaded in the store, and none was given (a bug in zoomdash; please report it)"
        }
    }

    /// Whether this only means "not yet" (SinkService may log it below error level).
    public var isHold: Bool { holdUntil != nil }

    /// When a notifier holding its events back means to try again (``NotifierHold``); `nil` for a failure.
    public var holdUntil: Double? {
        switch self {
        case .chatHeld(_, _, let until, _), .chatRateLimited(_, let until): until
        default: nil
        }
    }

    static func clock(_ time: Double) -> String {
        let seconds = Int64(time.rounded(.up))
        let day = seconds % 86_400
        return String(format: "%02d:%02d:%02d UTC", Int(day / 3600), Int(day % 3600 / 60), Int(day % 60))
    }
}
