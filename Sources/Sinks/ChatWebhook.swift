import Foundation
import Logging
import ZoomDashCore
import ZoomDashHTTPClient

/// Posts one JSON payload to an incoming webhook. Retries briefly on its own (429 with a short
/// Retry-After, 5xx and transport errors with capped exponential backoff), then leaves the rest to
/// the daemon's backoff by throwing; a refusal that retrying cannot fix (4xx) throws at once with
/// what to fix.
struct ChatWebhook: Sendable {
    var sink: String
    var url: String
    var flavor: ChatPayload.Flavor
    var http: any HTTPClient
    var logger: Logger
    /// Injected so tests never really sleep.
    var sleep: @Sendable (Duration) async throws -> Void
    var now: @Sendable () -> Double
    /// Attempts per post before giving the failure to the daemon. Few and short: the sinks run one
    /// at a time, so a long wait here would hold up the others; the daemon's backoff takes over.
    var attempts = 3
    /// Waits longer than this (a long Retry-After) are not spent inside one delivery.
    var longestWait: Double = 10

    /// `https://hooks.slack.com/services/…`: enough to recognise the hook, not enough to use it.
    static func redacted(_ url: String) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return "(the configured webhook_url)" }
        let first = parsed.path.split(separator: "/").first.map { "/" + $0 } ?? ""
        return "\(scheme)://\(host)\(parsed.port.map { ":\($0)" } ?? "")\(first)/…"
    }

    func post(_ json: String) async throws {
        let request = HTTPClientRequest(
            method: "POST", url: url, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(json.utf8), timeout: .seconds(10))
        var delay = 1.0
        var lastProblem = ""
        for attempt in 1...attempts {
            let response: HTTPClientResponse
            do {
                response = try await http.send(request)
            } catch let error as HTTPClientError {
                if case .cancelled = error { throw error }
                lastProblem = Self.withoutURL("\(error)", url: url)
                try await wait(delay, attempt: attempt, problem: lastProblem)
                delay = min(delay * 2, longestWait)
                continue
            }
            let body = String(decoding: response.body.prefix(500), as: UTF8.self)
            switch response.status {
            case 200..<300:
                return
            case 429:
                let retryAfter = response.header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? delay
                guard retryAfter <= longestWait, attempt < attempts else {
                    throw SinkError.chatRateLimited(sink: sink, until: now() + max(retryAfter, 1))
                }
                logger.info("chat server rate-limited a post; waiting", metadata: ["sink": "\(sink)", "chat.retry_after_s": "\(retryAfter)"])
                try await sleep(.milliseconds(Int64(max(retryAfter, 0) * 1000)))
            case 500...:
                lastProblem = "HTTP \(response.status) \(Self.detail(body))"
                try await wait(delay, attempt: attempt, problem: lastProblem)
                delay = min(delay * 2, longestWait)
            default:
                throw SinkError.chatRejected(
                    sink: sink, url: Self.redacted(url), status: response.status, detail: Self.detail(body), fix: fix(response.status, body))
            }
        }
        throw SinkError.chatUnavailable(sink: sink, url: Self.redacted(url), reason: lastProblem)
    }

    private func wait(_ seconds: Double, attempt: Int, problem: String) async throws {
        guard attempt < attempts else { return }
        logger.warning(
            "chat post failed; retrying", metadata: ["sink": "\(sink)", "chat.attempt": "\(attempt)", "chat.retry_in_s": "\(seconds)", "error": "\(problem)"])
        try await sleep(.milliseconds(Int64(seconds * 1000)))
    }

    /// The server's own words: Slack's `no_service`, Mattermost's AppError `message`.
    static func detail(_ body: String) -> String {
        if let data = body.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let message = object["message"] as? String
        {
            return message
        }
        return body.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200).description
    }

    static func withoutURL(_ text: String, url: String) -> String {
        text.replacingOccurrences(of: url, with: redacted(url))
    }

    func fix(_ status: Int, _ body: String) -> String {
        let service = flavor == .mattermost ? "Mattermost (Integrations → Incoming Webhooks)" : "Slack (the app's Incoming Webhooks page)"
        if body.contains("channel_is_archived") || status == 410 {
            return "the channel is archived: unarchive it, or create a webhook for another channel in \(service) and update webhook_url"
        }
        let lower = body.lowercased()
        if lower.contains("find the channel") || lower.contains("channel_not_found") {
            return flavor == .mattermost
                ? "the channel does not exist: check [sinks.\(sink)] channel (a channel name like \"town-square\"), or remove it to use the hook's own channel"
                : "the webhook's channel is gone: create a webhook for an existing channel in \(service) and update webhook_url"
        }
        if lower.contains("invalid webhook") || lower.contains("incoming_webhook.invalid") || lower.contains("no_service")
            || lower.contains("invalid_token") || [401, 403, 404].contains(status)
        {
            return "the webhook no longer exists or was disabled: create a new one in \(service) and update webhook_url (credential chat-webhook-url)"
        }
        if status == 400 || status == 413 {
            return "the server could not take the message (please report this to zoomdash with the detail above); check that webhook_url is an incoming webhook of \(flavor.rawValue)"
        }
        return "check webhook_url (credential chat-webhook-url) and the \(service) settings"
    }
}
