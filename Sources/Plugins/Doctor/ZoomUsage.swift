import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashZoomAPI

/// What the configuration asks of Zoom's API, for the Zoom checks.
struct ZoomUsage: Sendable, Hashable {
    /// Where the participants collector (and `zoomdashctl backfill`) gets meetings and participants.
    var source: ZoomScopes.Source
    /// Whether the QoS collector is enabled.
    var quality: Bool
    var plan: ZoomPlan

    /// Whether any collector is enabled that calls Zoom (a backfill may still, with credentials).
    static func collectorsEnabled(_ config: ZoomDashConfig) -> Bool {
        config.collectors.values.contains { $0.schedule.enabled && ($0.type == ParticipantsCollector.type || $0.type == QualityCollector.type) }
    }

    /// Whether anything here calls the Dashboard API.
    var usesDashboard: Bool { source != .report || quality }
}

extension ZoomUsage {
    /// What `config` asks for.
    init(_ config: ZoomDashConfig) {
        switch config.zoom.source {
        case .dashboard: source = .dashboard
        case .report: source = .report
        case .auto: source = .auto
        }
        quality = config.collectors.values.contains { $0.type == QualityCollector.type && $0.schedule.enabled }
        plan = config.zoom.plan
    }
}

/// The parts of Zoom's answers the checks read.
extension ZoomProbeSession.Answer {
    var status: Int { response.status }

    /// `code` and `message` of Zoom's error body, `message` empty when there is none.
    var zoomError: (code: Int?, message: String) {
        let body = error
        return (body?.code, body?.message ?? "")
    }

    /// Zoom's answer for a token without a scope the call needs (400, code 4711).
    var lacksScope: Bool {
        let (code, message) = zoomError
        return code == 4711 || message.lowercased().contains("does not contain scope")
    }

    /// Zoom's answer to a Dashboard call on an account without the Dashboard.
    var saysNoDashboard: Bool {
        let (code, message) = zoomError
        return status == 400 && !lacksScope && ZoomAPIClient.saysNoDashboard(code: code, message: message)
    }
}
