/// A disconnection joined with its meeting, as exported.
public struct DisconnectionRecord: Sendable, Hashable {
    public var meetingUUID: String
    public var meetingID: Int64?
    public var topic: String?
    public var participantKey: String
    public var participantName: String
    public var time: UnixSeconds
    public var reasonClass: String
    public var leaveReason: String?
    public var rejoinedAfterSeconds: Int64?
    public var source: String
    public var lostSeconds: Int64
}

/// An incident joined with its meeting (meeting scope), as exported.
public struct IncidentRecord: Sendable, Hashable {
    public var scope: Incident.Scope
    public var meetingUUID: String?
    public var meetingID: Int64?
    public var topic: String?
    public var start: UnixSeconds
    public var end: UnixSeconds
    public var dropped: Int
    public var present: Int
    /// Meetings involved, for account scope; `nil` for meeting scope.
    public var meetings: Int?
}
