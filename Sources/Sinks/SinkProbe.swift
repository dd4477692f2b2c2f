import Foundation
import Logging
import ZoomDashCore
import ZoomDashHTTPClient

/// What `zoomdashctl doctor` asks of the sinks, through the same code their deliveries use.
public enum SinkProbe {
    /// Renews a Zoho access token with the sink's refresh token, as every upload begins; throws
    /// ``SinkError/zohoAuthentication(reason:)`` when Zoho refuses it.
    public static func zohoToken(_ settings: ZohoSettings, http: any HTTPClient) async throws {
        _ = try await ZohoTokenProvider(settings: settings, http: http, now: { Date().timeIntervalSince1970 }).token()
    }

    /// Posts one information message through the chat sink's webhook, once (no retries: the doctor
    /// reports what the server said); throws ``SinkError`` when it is refused or unreachable.
    public static func postChatTestMessage(sink: String, settings: ChatSettings, text: String, http: any HTTPClient, logger: Logger)
        async throws
    {
        var webhook = ChatWebhook(
            sink: sink, url: settings.webhookURL, flavor: settings.flavor, http: http, logger: logger, sleep: { _ in },
            now: { Date().timeIntervalSince1970 })
        webhook.attempts = 1
        let message = ChatMessage(headline: ChatMessage.Line(bold: "ZoomDash test message", ": " + text), title: "Test", severity: .information)
        try await webhook.post(ChatPayload.json(message, flavor: settings.flavor, channel: settings.channel, username: settings.username))
    }

    /// The webhook URL as logs may show it (scheme, host and first path segment).
    public static func redactedChatURL(_ settings: ChatSettings) -> String { ChatWebhook.redacted(settings.webhookURL) }
}
