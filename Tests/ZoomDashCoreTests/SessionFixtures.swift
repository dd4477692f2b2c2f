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
