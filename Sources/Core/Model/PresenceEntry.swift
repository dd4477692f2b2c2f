/// One line of the presence table.
public struct PresenceEntry: Sendable, Hashable {
    public var meetingID: Int64
    public var participantName: String
    public var inRoom: Bool
    /// nil when this person was only ever seen leaving (the join event never arrived).
    public var lastJoin: UnixSeconds?
    public var lastLeft: UnixSeconds?

    public init(meetingID: Int64, participantName: String, inRoom: Bool, lastJoin: UnixSeconds?, lastLeft: UnixSeconds?) {
        self.meetingID = meetingID
        self.participantName = participantName
        self.inRoom = inRoom
        self.lastJoin = lastJoin
        self.lastLeft = lastLeft
    }
}
