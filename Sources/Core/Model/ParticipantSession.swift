/// One connection of one participant to one meeting instance, as Zoom reported it.
///
/// Zoom emits a record per connection: a person who dropped and came back has two records.
/// These raw rows are kept in the store so the analysis can be re-run when thresholds change.
public struct ParticipantSession: Sendable, Hashable {
    public var meetingUUID: String
    /// Stable identity of the person within the meeting instance; see ``ParticipantIdentity``.
    public var participantKey: String
    public var joinTime: UnixSeconds
    /// `nil` while the person is still connected (live webhook data).
    public var leaveTime: UnixSeconds?
    public var name: String
    public var email: String
    public var leaveReason: String?
    public var details: Details
    public var source: DataSource
    /// False for a webhook leave whose join never arrived: `joinTime` is then the leave's time, which
    /// the session needs as its key, but no one saw the person join then (presence must not say so).
    public var joinObserved: Bool

    /// Descriptive fields that the analysis does not need but an admin looking at a drop does.
    public struct Details: Sendable, Hashable {
        public var connectionID: String = ""
        public var participantUUID: String = ""
        public var zoomUserID: String = ""
        public var registrantID: String = ""
        public var status: String = ""
        public var networkType: String = ""
        public var dataCenter: String = ""
        public var device: String = ""
        public var location: String = ""
        public var breakoutRoomID: String = ""
        public var failover: Bool? = nil

        public init() {}
    }

    public init(
        meetingUUID: String, participantKey: String, joinTime: UnixSeconds, leaveTime: UnixSeconds?,
        name: String, email: String = "", leaveReason: String? = nil, details: Details = Details(), source: DataSource,
        joinObserved: Bool = true
    ) {
        self.meetingUUID = meetingUUID
        self.participantKey = participantKey
        self.joinTime = joinTime
        self.leaveTime = leaveTime
        self.name = name
        self.email = email
        self.leaveReason = leaveReason
        self.details = details
        self.source = source
        self.joinObserved = joinObserved
    }
}
