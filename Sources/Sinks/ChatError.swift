import Foundation
import ZoomDashCore
import ZoomDashPipeline

/// Why a chat notifier did not (yet) post, worded for the admin who has to act on it. The webhook URL
/// is a secret: only its redacted form (``ChatWebhook/redacted(_:)``) ever appears here.
public enum ChatError: Error, CustomStringConvertible, Sendable, Hashable, NotifierHold {
    /// The server refused the webhook for good (bad URL, hook deleted, channel archived): retrying
    /// as it is cannot help.
    case rejected(sink: String, url: String, status: Int, detail: String, fix: String)
    /// 5xx or a transport failure, after the quick retries: the daemon retries with backoff.
    case unavailable(sink: String, url: String, reason: String)
    /// The server rate-limited us for longer than is worth waiting in line: retried after `until`.
    case rateLimited(sink: String, until: Double)
    /// Nothing wrong: events held back on purpose (grouping window, quiet hours, the per-minute limit).
    /// They stay in the outbox and are posted, grouped, at `until` or later.
    case held(sink: String, events: Int, until: Double, reason: String)

    public var description: String {
        switch self {
        case .rejected(let sink, let url, let status, let detail, let fix):
            return "sink \(sink): the chat server refused the webhook \(url) with HTTP \(status)\(detail.isEmpty ? "" : " (\(detail))"): \(fix)"
        case .unavailable(let sink, let url, let reason):
            return "sink \(sink): could not post to \(url): \(reason); retrying with backoff, nothing is lost"
        case .rateLimited(let sink, let until):
            return "sink \(sink): the chat server asked us to slow down until \(ChatError.clock(until)); the messages wait in the outbox"
        case .held(let sink, let events, let until, let reason):
            return "sink \(sink): holding \(events) event\(events == 1 ? "" : "s") until \(ChatError.clock(until)) (\(reason)); not an error, they are posted then"
        }
    }

    /// Whether this only means "not yet" (SinkService may log it below error level).
    public var isHold: Bool {
        switch self {
        case .held, .rateLimited: true
        case .rejected, .unavailable: false
        }
    }

    public var holdUntil: Double? {
        switch self {
        case .held(_, _, let until, _), .rateLimited(_, let until): until
        case .rejected, .unavailable: nil
        }
    }

    static func clock(_ time: Double) -> String {
        let seconds = Int64(time.rounded(.up))
        let day = seconds % 86_400
        return String(format: "%02d:%02d:%02d UTC", Int(day / 3600), Int(day % 3600 / 60), Int(day % 60))
    }
}
