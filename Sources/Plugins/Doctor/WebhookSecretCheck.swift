import ZoomDashConfiguration
import ZoomDashCore

/// `webhook.secret`: Zoom's Secret Token is configured (without it zoomdashd refuses every webhook).
struct WebhookSecretCheck: DoctorProbe {
    static let id = "webhook.secret"
    let secretToken: String
    let origin: SecretOrigin

    func examine() async -> DoctorCheck {
        let title = "Webhook secret"
        guard !secretToken.isEmpty else {
            return .warning(
                Self.id, title,
                "not set: zoomdashd answers every webhook with 503 (Zoom retries), so there is no live view; polling still works",
                fix: "copy the Secret Token from the Zoom app (Features → Access) into /etc/zoomdash/credentials/zoom-webhook-secret (mode 0600) "
                    + "or ZOOM_WEBHOOK_SECRET_TOKEN, then `sudo systemctl restart zoomdashd`",
                facts: ["origin": .text(SecretsCheck.fact(.missing))])
        }
        return .ok(
            Self.id, title, "set \(SecretsCheck.source(origin)); deliveries signed with another secret are refused with 401",
            facts: ["origin": .text(SecretsCheck.fact(origin))])
    }
}
