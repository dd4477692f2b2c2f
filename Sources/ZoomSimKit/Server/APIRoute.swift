/// The Zoom endpoints the simulator serves, matched on the RAW (still percent-encoded) path.
enum APIRoute: Sendable, Hashable {
    case users
    case reportUserMeetings(userID: String)
    case reportMeeting(meeting: String)
    case reportMeetingParticipants(meeting: String)
    case metricsMeetings
    case metricsMeeting(meeting: String)
    case metricsMeetingParticipants(meeting: String)
    case metricsParticipantsQoS(meeting: String)
    case metricsParticipantQoS(meeting: String, participantID: String)
    case pastMeetingInstances(meeting: String)
    case pastMeeting(meeting: String)
    case pastMeetingParticipants(meeting: String)

    /// The endpoint template, used as the statistics key.
    var template: String {
        switch self {
        case .users: "GET /v2/users"
        case .reportUserMeetings: "GET /v2/report/users/{userId}/meetings"
        case .reportMeeting: "GET /v2/report/meetings/{meetingId}"
        case .reportMeetingParticipants: "GET /v2/report/meetings/{meetingId}/participants"
        case .metricsMeetings: "GET /v2/metrics/meetings"
        case .metricsMeeting: "GET /v2/metrics/meetings/{meetingId}"
        case .metricsMeetingParticipants: "GET /v2/metrics/meetings/{meetingId}/participants"
        case .metricsParticipantsQoS: "GET /v2/metrics/meetings/{meetingId}/participants/qos"
        case .metricsParticipantQoS: "GET /v2/metrics/meetings/{meetingId}/participants/{participantId}/qos"
        case .pastMeetingInstances: "GET /v2/past_meetings/{meetingId}/instances"
        case .pastMeeting: "GET /v2/past_meetings/{meetingId}"
        case .pastMeetingParticipants: "GET /v2/past_meetings/{meetingId}/participants"
        }
    }

    /// Rate-limit label from Zoom's OpenAPI descriptions (docs/zoom-api-notes.md §3, §5.1).
    var category: RateLimitCategory {
        switch self {
        case .pastMeeting: .light
        case .users, .pastMeetingInstances, .pastMeetingParticipants: .medium
        case .metricsMeetings: .resourceIntensive
        case .reportUserMeetings, .reportMeeting, .reportMeetingParticipants, .metricsMeeting, .metricsMeetingParticipants,
            .metricsParticipantsQoS, .metricsParticipantQoS:
            .heavy
        }
    }

    var isDashboard: Bool {
        switch self {
        case .metricsMeetings, .metricsMeeting, .metricsMeetingParticipants, .metricsParticipantsQoS, .metricsParticipantQoS: true
        default: false
        }
    }

    /// Matches `GET` paths below `/v2/`. `rawPath` excludes the query string.
    static func match(rawPath: String) -> APIRoute? {
        var segments = rawPath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 3, segments[0].isEmpty, segments[1] == "v2" else { return nil }
        segments.removeFirst(2)
        if segments.count > 1, segments.last == "" { segments.removeLast() }  // tolerate a trailing "/"
        switch segments.first {
        case "users" where segments.count == 1:
            return .users
        case "report":
            if segments.count == 4, segments[1] == "users", segments[3] == "meetings" {
                return .reportUserMeetings(userID: PercentEncoding.decode(segments[2]))
            }
            if segments.count >= 3, segments[1] == "meetings" {
                return meetingRoute(Array(segments.dropFirst(2)), detail: { .reportMeeting(meeting: $0) },
                                    suffixes: ["participants": { .reportMeetingParticipants(meeting: $0) }])
            }
        case "metrics":
            if segments.count == 2, segments[1] == "meetings" { return .metricsMeetings }
            if segments.count >= 3, segments[1] == "meetings" {
                if let qos = qosRoute(Array(segments.dropFirst(2))) { return qos }
                return meetingRoute(Array(segments.dropFirst(2)), detail: { .metricsMeeting(meeting: $0) },
                                    suffixes: ["participants": { .metricsMeetingParticipants(meeting: $0) }])
            }
        case "past_meetings" where segments.count >= 2:
            return meetingRoute(Array(segments.dropFirst()), detail: { .pastMeeting(meeting: $0) },
                                suffixes: [
                                    "participants": { .pastMeetingParticipants(meeting: $0) },
                                    "instances": { .pastMeetingInstances(meeting: $0) },
                                ])
        default:
            break
        }
        return nil
    }

    /// `{id}/participants/qos` and `{id}/participants/{participantId}/qos` (the list first, so a
    /// participant id is never taken for part of the meeting id).
    private static func qosRoute(_ rest: [String]) -> APIRoute? {
        guard rest.count >= 3, rest.last == "qos" else { return nil }
        if rest[rest.count - 2] == "participants" {
            return .metricsParticipantsQoS(meeting: MeetingPathDecoder.meetingReference(rawSegments: rest.dropLast(2)))
        }
        guard rest.count >= 4, rest[rest.count - 3] == "participants" else { return nil }
        return .metricsParticipantQoS(
            meeting: MeetingPathDecoder.meetingReference(rawSegments: rest.dropLast(3)),
            participantID: PercentEncoding.decode(rest[rest.count - 2]))
    }

    /// The meeting id may span several raw segments (an unencoded "/" inside a UUID), so the
    /// id is everything between the fixed prefix and an optional known suffix.
    private static func meetingRoute(
        _ rest: [String], detail: (String) -> APIRoute, suffixes: [String: (String) -> APIRoute]
    ) -> APIRoute? {
        if rest.count >= 2, let last = rest.last, let make = suffixes[last] {
            return make(MeetingPathDecoder.meetingReference(rawSegments: rest.dropLast()))
        }
        return detail(MeetingPathDecoder.meetingReference(rawSegments: rest[...]))
    }
}
