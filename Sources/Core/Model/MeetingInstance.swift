/// One occurrence of a Zoom meeting. Zoom gives every start of a meeting a new `uuid`;
/// the numeric `meetingID` is shared by all occurrences of a recurring meeting.
public struct MeetingInstance: Sendable, Hashable, Codable {
    public var uuid: String
    public var meetingID: Int64
    public var topic: String
    public var hostID: String
    public var hostEmail: String
    public var startTime: UnixSeconds
    public var endTime: UnixSeconds?
    public var participantsCount: Int?
    public var source: DataSource

    public init(
        uuid: String, meetingID: Int64, topic: String, hostID: String = "", hostEmail: String = "",
        startTime: UnixSeconds, endTime: UnixSeconds?, participantsCount: Int? = nil, source: DataSource
    ) {
        self.uuid = uuid
        self.meetingID = meetingID
        self.topic = topic
        self.hostID = hostID
        self.hostEmail = hostEmail
        self.startTime = startTime
        self.endTime = endTime
        self.participantsCount = participantsCount
        self.source = source
    }
}
