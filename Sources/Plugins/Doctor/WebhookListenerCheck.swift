import Foundation
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient

/// `webhook.listener`: zoomdashd answers `GET /healthz` on `[http] listen` (where Zoom's deliveries
/// arrive, through the TLS proxy), and says it is healthy.
struct WebhookListenerCheck: DoctorProbe {
    static let id = "webhook.listener"
    let settings: HTTPSettings
    let webhookPath: String
    let http: any HTTPClient

    /// The address to ask: a wildcard listener is asked on loopback.
    var authority: String {
        let host: String
        switch settings.host {
        case "0.0.0.0", "": host = "127.0.0.1"
        case "::", "[::]": host = "[::1]"
        case let name where name.contains(":") && !name.hasPrefix("["): host = "[\(name)]"
        case let name: host = name
        }
        return "\(host):\(settings.port)"
    }

    func examine() async -> DoctorCheck {
        let title = "Daemon listener"
        guard settings.port != 0 else {
            return .skipped(
                Self.id, title, "[http] listen has port 0 (any free port): the address zoomdashd took is in its log, not in the config")
        }
        let url = "http://\(authority)/healthz"
        let facts: [String: DoctorFact] = ["url": .text(url)]
        let response: HTTPClientResponse
        do {
            response = try await http.send(HTTPClientRequest(url: url, headers: [HTTPHeader("Accept", "application/json")], timeout: .seconds(5)))
        } catch {
            return .problem(
                Self.id, title, "nothing answers on \(authority): zoomdashd is not running, or listens elsewhere",
                fix: "`sudo systemctl start zoomdashd` (`journalctl -u zoomdashd` says why it stopped), or set [http] listen to its address",
                facts: facts)
        }
        var withStatus = facts
        withStatus["status"] = .number(Int64(response.status))
        let body = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        guard let state = body?["status"] as? String, response.status == 200 || response.status == 503 else {
            return .problem(
                Self.id, title, "something other than zoomdashd answers on \(authority) (HTTP \(response.status) for /healthz)",
                fix: "find what listens there (`sudo ss -ltnp 'sport = :\(settings.port)'`) and give zoomdashd or it another port", facts: withStatus)
        }
        guard response.status == 200, state == "ok" else {
            let reasons = (body?["reasons"] as? [String]) ?? []
            withStatus["reasons"] = .list(reasons)
            return .problem(
                Self.id, title, "zoomdashd answers on \(authority) but reports itself unhealthy: \(reasons.isEmpty ? state : reasons.joined(separator: "; "))",
                fix: "the other checks name the cause; `journalctl -u zoomdashd` has the details", facts: withStatus)
        }
        return .ok(
            Self.id, title, "zoomdashd answers on \(authority) and is healthy; Zoom's deliveries go to \(webhookPath) there (through the TLS proxy)",
            facts: withStatus)
    }
}
