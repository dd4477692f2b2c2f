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
    public var qualityBefore = QualityBefore.unknown

    public init(
        meetingUUID: String, meetingID: Int64?, topic: String?, participantKey: String, participantName: String, time: UnixSeconds,
        reasonClass: String, leaveReason: String?, rejoinedAfterSeconds: Int64?, source: String, lostSeconds: Int64
    ) {
        self.meetingUUID = meetingUUID
        self.meetingID = meetingID
        self.topic = topic
        self.participantKey = participantKey
        self.participantName = participantName
        self.time = time
        self.reasonClass = reasonClass
        self.leaveReason = leaveReason
        self.rejoinedAfterSeconds = rejoinedAfterSeconds
        self.source = source
        self.lostSeconds = lostSeconds
    }
}

/// An incident joined with its meeting (meeting scope), as exported.
public struct IncidentRecord: Sendable, Hashable {
    /// Stable across re-analyses while it is the same incident.
    public var id: Int64
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
    public var cause = IncidentCause.unknown
    public var evidence = IncidentEvidence()
    /// The meeting's host (its email), for meeting scope; not exported.
    public var host: String?

    public init(
        id: Int64, scope: Incident.Scope, meetingUUID: String?, meetingID: Int64?, topic: String?, start: UnixSeconds, end: UnixSeconds,
        dropped: Int, present: Int, meetings: Int?
    ) {
        self.id = id
        self.scope = scope
        self.meetingUUID = meetingUUID
        self.meetingID = meetingID
        self.topic = topic
        self.start = start
        self.end = end
        self.dropped = dropped
        self.present = present
        self.meetings = meetings
    }
}

/// One meeting instance's call quality, as exported.
public struct QualityRecord: Sendable, Hashable {
    public var meetingUUID: String
    public var meetingID: Int64?
    public var topic: String?
    public var start: UnixSeconds?
    public var participantMinutes: Int
    public var poorMinutes: Int
    public var worstCause: String?

    public init(
        meetingUUID: String, meetingID: Int64?, topic: String?, start: UnixSeconds?, participantMinutes: Int, poorMinutes: Int,
        worstCause: String?
    ) {
        self.meetingUUID = meetingUUID
        self.meetingID = meetingID
        self.topic = topic
        self.start = start
        self.participantMinutes = participantMinutes
        self.poorMinutes = poorMinutes
        self.worstCause = worstCause
    }

    public var poorShare: Double { participantMinutes == 0 ? 0 : Double(poorMinutes) / Double(participantMinutes) }
}

/// A `meeting.alert` issue with its meeting, as exported.
public struct AlertRecord: Sendable, Hashable {
    public var alert: MeetingAlert
    public var meetingID: Int64?
    public var topic: String?

    public init(alert: MeetingAlert, meetingID: Int64?, topic: String?) {
        self.alert = alert
        self.meetingID = meetingID
        self.topic = topic
    }
}

extension DisconnectionRecord {
    /// A disconnection's identity: its meeting, person and time.
    public struct Key: Sendable, Hashable {
        public var meetingUUID: String
        public var participantKey: String
        public var time: UnixSeconds

        public init(meetingUUID: String, participantKey: String, time: UnixSeconds) {
            self.meetingUUID = meetingUUID
            self.participantKey = participantKey
            self.time = time
        }
    }

    public var key: Key { Key(meetingUUID: meetingUUID, participantKey: participantKey, time: time) }
}

/// One UTC day of one meeting topic (a class), as exported.
public struct DailyTopicRecord: Sendable, Hashable {
    /// 00:00 UTC of the day.
    public var day: UnixSeconds
    public var topic: String
    public var meetings: Int
    public var disconnections: Int
    public var network: Int
    public var client: Int
    public var lostSeconds: Int64
    public var incidents: Int

    public init(
        day: UnixSeconds, topic: String, meetings: Int, disconnections: Int, network: Int, client: Int, lostSeconds: Int64, incidents: Int
    ) {
        self.day = day
        self.topic = topic
        self.meetings = meetings
        self.disconnections = disconnections
        self.network = network
        self.client = client
        self.lostSeconds = lostSeconds
        self.incidents = incidents
    }
}
