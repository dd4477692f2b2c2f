import ZoomDashCore

/// Builds sessions tersely: `session("ann", 0, 100, "Network connection error.")`.
func session(
    _ who: String, _ join: UnixSeconds, _ leave: UnixSeconds?, _ reason: String? = nil, meeting: String = "M1",
    source: DataSource = .dashboard
) -> ParticipantSession {
    ParticipantSession(
        meetingUUID: meeting, participantKey: "name:" + who, joinTime: join, leaveTime: leave, name: who,
        leaveReason: reason, source: source)
}

let networkDrop = "got disconnected from the meeting. Reason : Network connection error."
let clientDrop = "got disconnected from the meeting. Reason : Client Close."
let leftVoluntarily = "left the meeting. Reason : left the meeting"
let breakoutMove = "left the meeting. Reason : left the meeting to join breakout room"
let hostEnded = "left the meeting. Reason : Host ended the meeting."

/// A compact Zoom participant webhook body: `webhookBody("participant_left", "ann", "2026-11-20T08:10:00Z")`.
func webhookBody(
    _ kind: String, _ name: String, _ time: String, reason: String = "", meeting: String = "M1", meetingID: Int64 = 81_234_567_890,
    start: String = "2026-11-20T08:00:00Z"
) -> String {
    let field = kind.hasSuffix("left") ? "leave_time" : "join_time"
    let leave = reason.isEmpty ? "" : #","leave_reason":"\#(reason)""#
    return #"{"event":"meeting.\#(kind)","event_ts":1,"payload":{"object":{"uuid":"\#(meeting)","id":"\#(meetingID)","topic":"Class","start_time":"\#(start)","participant":{"user_name":"\#(name)","participant_uuid":"P-\#(name)","\#(field)":"\#(time)"\#(leave)}}}}"#
}

func webhookRecord(_ body: String) throws -> WebhookRecord { try WebhookParser.parse(Array(body.utf8)) }
