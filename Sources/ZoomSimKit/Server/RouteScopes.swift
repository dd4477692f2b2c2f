/// The OAuth scopes each endpoint needs (docs/zoom-api-notes.md §1.1): a classic one (older apps) or
/// its granular equivalent (all a new app can pick). Enforced only when a test or `zoomsim serve
/// --scopes` gives the token an explicit scope list; then a call without one answers as Zoom does,
/// 400 with code 4711 naming the granular scope.
extension APIRoute {
    var scopes: (classic: [String], granular: String) {
        let dashboard = ["dashboard_meetings:read:admin", "dashboard:read:admin"]
        switch self {
        case .users: return (["user:read:admin"], "user:read:list_users:admin")
        case .reportUserMeetings: return (["report:read:admin"], "report:read:user:admin")
        case .reportMeeting: return (["report:read:admin"], "report:read:meeting:admin")
        case .reportMeetingParticipants: return (["report:read:admin"], "report:read:list_meeting_participants:admin")
        case .metricsMeetings: return (dashboard, "dashboard:read:list_meetings:admin")
        case .metricsMeeting: return (dashboard, "dashboard:read:meeting:admin")
        case .metricsMeetingParticipants: return (dashboard, "dashboard:read:list_meeting_participants:admin")
        case .metricsParticipantsQoS: return (dashboard, "dashboard:read:list_meeting_participants_qos:admin")
        case .metricsParticipantQoS: return (dashboard, "dashboard:read:meeting_participant_qos:admin")
        case .pastMeetingInstances: return (["meeting:read:admin"], "meeting:read:list_past_instances:admin")
        case .pastMeeting: return (["meeting:read:admin"], "meeting:read:past_meeting:admin")
        case .pastMeetingParticipants: return (["meeting:read:admin"], "meeting:read:list_past_participants:admin")
        }
    }

    /// The answer to a token whose scopes lack this endpoint's, or nil when they have it.
    func scopeError(granted: Set<String>) -> APIError? {
        let (classic, granular) = scopes
        if granted.contains(granular) || classic.contains(where: granted.contains) { return nil }
        return APIError(status: 400, code: 4711, message: "Invalid access token, does not contain scopes:[\(granular)].")
    }
}
