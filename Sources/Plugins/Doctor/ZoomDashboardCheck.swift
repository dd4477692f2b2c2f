import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashZoomAPI

/// `zoom.dashboard`: whether the account has Zoom's Dashboard (one page of one meeting of today's
/// list). Without it ZoomDash runs on the Report API: no leave reasons, so disconnections are
/// inferred from quick rejoins only, and no call quality.
struct ZoomDashboardCheck: DoctorProbe {
    static let id = "zoom.dashboard"
    let session: ZoomProbeSession
    let usage: ZoomUsage

    func examine() async -> DoctorCheck {
        let title = "Zoom Dashboard"
        guard usage.usesDashboard else {
            return .skipped(Self.id, title, "not used: [zoom] source = \"report\" and the QoS collector is off")
        }
        guard case .success = await session.grant() else { return .skipped(Self.id, title, "needs a token (see Zoom token)") }
        let answer: ZoomProbeSession.Answer
        switch await session.dashboardProbe() {
        case .success(let value): answer = value
        case .failure(let error):
            return .problem(
                Self.id, title, "no answer from \(session.settings.apiURL): \(error)",
                fix: "ZoomDash needs outbound HTTPS to api.zoom.us: check DNS, the firewall and any proxy")
        }
        let (code, message) = answer.zoomError
        let quoted = message.isEmpty ? "HTTP \(answer.status)" : "HTTP \(answer.status): “\(message)”"
        switch answer.status {
        case 200..<300:
            return .ok(
                Self.id, title, "available: leave reasons for every disconnection, and call quality (QoS)", facts: ["available": .flag(true)])
        case 400 where answer.lacksScope:
            return .skipped(Self.id, title, "the token lacks the Dashboard scope, so Zoom cannot be asked (see Zoom scopes)")
        case 400 where answer.saysNoDashboard:
            let consequence = "this account has no Dashboard (\(quoted)): ZoomDash uses the Report API, so disconnections are "
                + "inferred from quick rejoins only (no leave reasons) and there is no call quality (QoS)"
            let facts: [String: DoctorFact] = ["available": .flag(false)]
            if usage.source == .dashboard {
                return .problem(
                    Self.id, title, consequence + "; with [zoom] source = \"dashboard\" the participants collector fails instead",
                    fix: "set [zoom] source = \"auto\" (falls back to the Report API) or \"report\"", facts: facts)
            }
            return .warning(
                Self.id, title, consequence,
                fix: "the Dashboard needs a Business plan or higher with the Dashboard feature on (Zoom support may have to enable its API); "
                    + "to run without it, set [zoom] source = \"report\" and [collectors.qos] enabled = false",
                facts: facts)
        case 429:
            return .skipped(Self.id, title, "Zoom's rate limit answered instead (see Zoom request budget)")
        case 401, 400 where code == 124:
            return .warning(
                Self.id, title, "Zoom refused the new token on the API (\(quoted))",
                fix: "check that [zoom] api_url is your account's API host (https://api.zoom.us/v2)")
        default:
            return .warning(
                Self.id, title, "Zoom answered \(quoted), so the Dashboard's availability is unknown",
                fix: answer.status >= 500 ? "try again in a few minutes" : nil)
        }
    }
}
