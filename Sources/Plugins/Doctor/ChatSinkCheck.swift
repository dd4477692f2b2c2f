import Logging
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashSinks

/// `sinks.NAME` for `type = "mattermost"` or `"slack"`: with `--send-test-message`, one message posted
/// through the sink's webhook; without it nothing is sent (an incoming webhook cannot be tried
/// without posting).
struct ChatSinkCheck: DoctorProbe {
    let name: String
    let settings: ChatSettings
    let http: any HTTPClient
    let sendTestMessage: Bool
    let logger: Logger

    func examine() async -> DoctorCheck {
        let id = "sinks.\(name)"
        let service = settings.flavor == .mattermost ? "Mattermost" : "Slack"
        let title = "Sink \(name) (\(service))"
        let url = SinkProbe.redactedChatURL(settings)
        var facts: [String: DoctorFact] = ["type": .text(settings.flavor.rawValue), "webhook": .text(url), "sent": .flag(false)]
        guard sendTestMessage else {
            return .skipped(id, title, "no test message sent to \(url) (run with --send-test-message to post one)", facts: facts)
        }
        do {
            try await SinkProbe.postChatTestMessage(
                sink: name, settings: settings, text: "zoomdashctl doctor can post here; incident messages will look like the others.",
                http: http, logger: logger)
        } catch SinkError.chatRejected(_, _, let status, let detail, let fix) {
            return .problem(id, title, "\(service) refused the test message with HTTP \(status)\(detail.isEmpty ? "" : " (\(detail))")", fix: fix, facts: facts)
        } catch let error as SinkError {
            return .problem(id, title, "\(error)", fix: "check the webhook URL (credential chat-webhook-url) and that the server is reachable", facts: facts)
        } catch {
            return .problem(id, title, "the test message could not be sent: \(error)", fix: "check DNS, the firewall and any proxy", facts: facts)
        }
        facts["sent"] = .flag(true)
        return .ok(id, title, "posted a test message to \(url): check that it arrived", facts: facts)
    }
}
