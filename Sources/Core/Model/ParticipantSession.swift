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
    public var details: Details {
        get { sharedDetails.details }
        set { sharedDetails = SharedDetails(newValue) }
    }
    /// The ``details`` behind one reference, which sessions with the same details may share.
    public var sharedDetails: SharedDetails
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

    /// Ten Strings a session carries for an admin, behind one immutable reference: a session is copied
    /// and destroyed with six references instead of fifteen, and a re-analysis, which builds a million
    /// sessions that share a few data centres and network types, allocates none for them.
    public struct SharedDetails: Sendable, Hashable {
        private final class Box: Sendable {
            let details: Details
            init(_ details: Details) { self.details = details }
        }

        private let box: Box

        public init(_ details: Details) { box = Box(details) }

        public var details: Details { box.details }

        public static func == (a: SharedDetails, b: SharedDetails) -> Bool { a.box === b.box || a.box.details == b.box.details }

        public func hash(into hasher: inout Hasher) { box.details.hash(into: &hasher) }
    }

    public init(
        meetingUUID: String, participantKey: String, joinTime: UnixSeconds, leaveTime: UnixSeconds?,
        name: String, email: String = "", leaveReason: String? = nil, details: Details = Details(), source: DataSource,
        joinObserved: Bool = true
    ) {
        self.init(
            meetingUUID: meetingUUID, participantKey: participantKey, joinTime: joinTime, leaveTime: leaveTime, name: name, email: email,
            leaveReason: leaveReason, sharedDetails: SharedDetails(details), source: source, joinObserved: joinObserved)
    }

    public init(
        meetingUUID: String, participantKey: String, joinTime: UnixSeconds, leaveTime: UnixSeconds?,
        name: String, email: String = "", leaveReason: String? = nil, sharedDetails: SharedDetails, source: DataSource,
        joinObserved: Bool = true
    ) {
        self.meetingUUID = meetingUUID
        self.participantKey = participantKey
        self.joinTime = joinTime
        self.leaveTime = leaveTime
        self.name = name
        self.email = email
        self.leaveReason = leaveReason
        self.sharedDetails = sharedDetails
        self.source = source
        self.joinObserved = joinObserved
    }
}
