/// What a participant's session end means, derived from Zoom's free-text `leave_reason`.
public enum LeaveReasonClass: String, Sendable, Codable, CaseIterable {
    /// Zoom lost the connection ("Network connection error.", or a bare "got disconnected").
    case network
    /// The client went away without leaving ("Client Close.").
    case client
    /// The person left on purpose.
    case voluntary
    /// A move into or out of a breakout room; the person never left the meeting.
    case breakout
    /// The meeting itself ended (host ended or closed it, started another, ran out of minutes).
    case hostEnded = "host_ended"
    case removed
    case waitingRoom = "waiting_room"
    case unknown
}
