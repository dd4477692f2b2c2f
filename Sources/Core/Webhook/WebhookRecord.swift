/// One Zoom webhook event, parsed into what the store and the analysis need. The raw body is kept.
public struct WebhookRecord: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case participantJoined = "meeting.participant_joined"
        case participantLeft = "meeting.participant_left"
        case meetingStarted = "meeting.started"
        case meetingEnded = "meeting.ended"
        case meetingAlert = "meeting.alert"
        case urlValidation = "endpoint.url_validation"
        case other
    }

    public var kind: Kind
    public var event: String
    public var eventTimestampMilliseconds: Int64
    public var meetingUUID: String
    public var meetingID: Int64?
    public var topic: String
    public var hostID: String
    public var meetingStart: UnixSeconds?
    public var meetingEnd: UnixSeconds?
    /// For participant events.
    public var participant: Participant?
    /// For `meeting.alert`: Zoom sends a string or a list.
    public var issues: [String]
    /// For `endpoint.url_validation`.
    public var plainToken: String?
    /// The raw body, byte for byte as received (what the signature covers).
    public var body: [UInt8]

    public struct Participant: Sendable, Hashable {
        public var key: String
        public var name: String
        public var email: String
        public var time: UnixSeconds
        public var leaveReason: String?
        public var participantUUID: String
        public var connectionID: String
        public var zoomUserID: String
    }

    /// When the event happened (not when it arrived): join/leave time, start/end time, else `event_ts`.
    public var eventTime: UnixSeconds {
        switch kind {
        case .participantJoined, .participantLeft: participant?.time ?? eventTimestampMilliseconds / 1000
        case .meetingStarted: meetingStart ?? eventTimestampMilliseconds / 1000
        case .meetingEnded: meetingEnd ?? eventTimestampMilliseconds / 1000
        default: eventTimestampMilliseconds / 1000
        }
    }

    /// The business key Zoom's retries share, so a redelivered event is stored once:
    /// event, meeting UUID, participant identity (or the alert's issues), event time.
    public var deduplicationKey: String {
        switch kind {
        case .participantJoined, .participantLeft: participant?.key ?? ""
        case .meetingAlert: issues.joined(separator: "|")
        case .other, .urlValidation: String(eventTimestampMilliseconds)
        default: ""
        }
    }
}
