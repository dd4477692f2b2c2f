/// How Zoom words a `leave_reason` (docs/zoom-api-notes.md §4). The two channels differ.
public enum LeaveReasonText {
    /// Dashboard `/metrics/.../participants` format: subject + `<br>Reason: ...`. Some host-ended
    /// records carry the bare enum text instead, as newer spec samples show.
    public static func dashboard(_ reason: LeaveReason, name: String, bare: Bool = false) -> String {
        switch reason {
        case .hostEnded: bare ? "Host ended the meeting." : "\(name) left the meeting.<br>Reason: Host ended the meeting."
        case .networkError: "\(name) got disconnected from the meeting.<br>Reason: Network connection error."
        case .clientClose: "\(name) got disconnected from the meeting.<br>Reason: Client Close."
        case .joinBreakoutRoom: "\(name) left the meeting.<br>Reason: left the meeting to join breakout room."
        case .leaveBreakoutRoom: "\(name) left the meeting.<br>Reason: left the meeting leave breakout room to join main meeting."
        case .leftMeeting: "\(name) left the meeting.<br>Reason: left the meeting."
        }
    }

    /// Webhook `meeting.participant_left` format: no name, `Reason :` with a space, irregular
    /// trailing punctuation — exactly as observed (the network variant keeps its trailing space).
    public static func webhook(_ reason: LeaveReason) -> String {
        switch reason {
        case .hostEnded: "left the meeting. Reason : Host ended the meeting."
        case .networkError: "left the meeting. Reason : Network connection error. "
        case .clientClose: "got disconnected from the meeting. Reason : Client Close."
        case .joinBreakoutRoom: "left the meeting. Reason : left the meeting to join breakout room"
        case .leaveBreakoutRoom: "left the meeting. Reason : left the meeting leave breakout room to join main meeting"
        case .leftMeeting: "left the meeting. Reason : left the meeting"
        }
    }
}
