import ZoomDashCore
import ZoomDashZoomAPI

/// `zoom.reachability`: Zoom's API answers at `[zoom] api_url` (one request without a token; Zoom's
/// answer is 401, which is enough to know the way there is open).
struct ZoomReachabilityCheck: DoctorProbe {
    static let id = "zoom.reachability"
    let session: ZoomProbeSession

    func examine() async -> DoctorCheck {
        let title = "Zoom API reachable"
        let url = session.settings.apiURL
        switch await session.unauthenticated() {
        case .failure(let error):
            return .problem(
                Self.id, title, "no answer from \(url): \(error)",
                fix: "ZoomDash needs outbound HTTPS to zoom.us and api.zoom.us: check DNS, the firewall and any proxy (https_proxy), "
                    + "and [zoom] api_url and oauth_url",
                facts: ["api_url": .text(url)])
        case .success(let answer):
            let milliseconds = Int64(((answer.receivedAt - answer.sentAt) * 1000).rounded())
            let facts: [String: DoctorFact] = ["api_url": .text(url), "status": .number(Int64(answer.status)), "elapsed_ms": .number(milliseconds)]
            switch answer.status {
            case 404:
                return .warning(
                    Self.id, title, "\(url) answered HTTP 404 for /users: that is not Zoom's API root",
                    fix: "set [zoom] api_url to Zoom's API base, https://api.zoom.us/v2 (with /v2)", facts: facts)
            case 500...:
                return .warning(
                    Self.id, title, "\(url) answered HTTP \(answer.status): Zoom is having trouble",
                    fix: "try again in a few minutes; status.zoom.us says whether Zoom knows", facts: facts)
            default:
                return .ok(Self.id, title, "\(url) answered in \(milliseconds) ms (HTTP \(answer.status) without a token, as it should)", facts: facts)
            }
        }
    }
}
