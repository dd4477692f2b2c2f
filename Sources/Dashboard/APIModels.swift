import ZoomDashCore

/// The JSON the API answers (docs/dashboard-api.md): field names are snake_case on the wire, times
/// ISO 8601 UTC strings.
enum API {
    static func time(_ value: UnixSeconds) -> String { ZoomTime.iso8601(value) }
    static func time(_ value: UnixSeconds?) -> String? { value.map(ZoomTime.iso8601) }

    struct Counters: Encodable {
        var meetings: Int64 = 0
        var sessions: Int64 = 0
        var participantHours: Double = 0
        var drops: Int64 = 0
        var rate: Double?
        var meetingIncidents = 0
        var accountIncidents = 0

        mutating func add(_ bucket: UsageBucket) {
            meetings += bucket.meetings
            sessions += bucket.sessions
            participantHours += Double(bucket.participantSeconds) / 3600
            drops += bucket.drops
        }

        /// Drops per 100 participant-hours, rounded to 2 decimals; nil without participant-hours.
        mutating func finish() {
            rate = participantHours > 0 ? ((Double(drops) / participantHours * 100) * 100).rounded() / 100 : nil
            participantHours = (participantHours * 10).rounded() / 10
        }
    }

    /// A day (`"date"`) or a week (`"week"`, its Monday) with its counters, flat in one object.
    struct Period: Encodable {
        var label: String
        var value: String
        var counters: Counters

        static func day(_ date: String, _ counters: Counters) -> Period { Period(label: "date", value: date, counters: counters) }
        static func week(_ monday: String, _ counters: Counters) -> Period { Period(label: "week", value: monday, counters: counters) }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(value, forKey: Key(label))
            try counters.encode(to: encoder)
        }
    }

    struct Hour: Encodable {
        var hour: Int
        var participantHours: Double
        var drops: Int64
        var rate: Double?
    }

    struct BadMoment: Encodable {
        var id: Int64
        var start: String
        var end: String
        var meetings: Int
        var dropped: Int
        var present: Int
        var cause: String
        var topics: [String]?
    }

    struct Days: Encodable {
        var from: String
        var to: String
        var days: [Period]
        var weeks: [Period]
        var hours: [Hour]
        var badMoments: [BadMoment]
    }

    struct Evidence: Encodable {
        var droppedWithData: Int
        var droppedPoor: Int
        var othersWithData: Int
        var othersPoor: Int
        var dataCentres: [String]
        var networkTypes: [String]
        var alerts: [String]
        var meetingUuids: [String]

        init(_ evidence: IncidentEvidence) {
            droppedWithData = evidence.droppedWithData
            droppedPoor = evidence.droppedPoor
            othersWithData = evidence.othersWithData
            othersPoor = evidence.othersPoor
            dataCentres = evidence.dataCentres
            networkTypes = evidence.networkTypes
            alerts = evidence.alerts
            meetingUuids = evidence.meetingUUIDs
        }
    }

    struct IncidentJSON: Encodable {
        var id: Int64
        var scope: String
        var meetingUuid: String?
        var meetingId: Int64?
        var topic: String?
        var host: String?
        var start: String
        var end: String
        var dropped: Int
        var present: Int
        var meetings: Int
        var cause: String
        var evidence: Evidence

        init(_ record: IncidentRecord) {
            id = record.id
            scope = record.scope.rawValue
            meetingUuid = record.meetingUUID
            meetingId = record.meetingID
            topic = record.topic
            host = record.host
            start = API.time(record.start)
            end = API.time(record.end)
            dropped = record.dropped
            present = record.present
            meetings = record.meetings ?? 1
            cause = record.cause.rawValue
            evidence = Evidence(record.evidence)
        }
    }

    struct Incidents: Encodable {
        var incidents: [IncidentJSON]
        var truncated: Bool
    }

    struct DropJSON: Encodable {
        var meetingUuid: String
        var meetingId: Int64?
        var topic: String?
        var participantKey: String
        var name: String
        var time: String
        var reasonClass: String
        var leaveReason: String?
        var rejoinedAfterS: Int64?
        var lostS: Int64
        var source: String
        var qualityBefore: String

        init(_ record: DisconnectionRecord) {
            meetingUuid = record.meetingUUID
            meetingId = record.meetingID
            topic = record.topic
            participantKey = record.participantKey
            name = record.participantName
            time = API.time(record.time)
            reasonClass = record.reasonClass
            leaveReason = record.leaveReason
            rejoinedAfterS = record.rejoinedAfterSeconds
            lostS = record.lostSeconds
            source = record.source
            qualityBefore = record.qualityBefore.rawValue
        }
    }

    struct Disconnections: Encodable {
        var disconnections: [DropJSON]
        var truncated: Bool
    }

    struct MeetingJSON: Encodable {
        var uuid: String
        var meetingId: Int64
        var topic: String
        var host: String
        var start: String
        var end: String?
        var source: String
        /// The live source's gaps this meeting was caught in (absent: none).
        var gaps: [GapJSON]?
    }

    /// A WebSocket gap (Zoom sent what happened then to nobody): its minutes of the meeting came from
    /// the REST API once `filled_from_rest`, and are missing from the live view until then.
    struct GapJSON: Encodable {
        var source: String
        var from: String
        var to: String
        var filledFromRest: Bool
    }

    struct IncidentDetail: Encodable {
        var incident: IncidentJSON
        var meetings: [MeetingJSON]
        var drops: [DropJSON]
    }

    struct Connection: Encodable {
        var join: String
        var leave: String?
        var leaveReason: String?
        var reasonClass: String
    }

    struct Lane: Encodable {
        var participantKey: String
        var name: String
        var connections: [Connection]
        var poorMinutes: [String]
    }

    struct Quality: Encodable {
        var participantMinutes: Int
        var poorMinutes: Int
        var worstCause: String?
    }

    struct MeetingDetail: Encodable {
        var meeting: MeetingJSON
        var participants: [Lane]
        var drops: [DropJSON]
        var incidents: [IncidentJSON]
        var quality: Quality?
    }

    struct Person: Encodable {
        var participantKey: String
        var name: String
        var drops: Int
        var meetings: Int
        var lostS: Int64
        var lastDrop: String
        var topics: [String]
        var poorBefore: Int
    }

    struct People: Encodable {
        var people: [Person]
        var truncated: Bool
    }

    struct LiveMeetingJSON: Encodable {
        var uuid: String
        var meetingId: Int64
        var topic: String
        var start: String
        var participants: Int
    }

    struct Live: Encodable {
        var meetings: [LiveMeetingJSON]
        var participants: Int
    }

    struct LastHour: Encodable {
        var drops: Int
        var byCause: [String: Int]
    }

    struct Freshness: Encodable {
        var lastEventAt: String?
        var secondsSince: Int64?
    }

    struct Today: Encodable {
        var live: Live
        var lastHour: LastHour
        var incidents: [IncidentJSON]
        var webhooks: Freshness
        var websocket: LiveStatus.WebSocket?
        var budget: [String: Int]?
    }

    struct PresenceEntryJSON: Encodable {
        var user: String
        var status: String
        var lastJoin: String?
        var lastLeft: String?
    }

    struct Room: Encodable {
        var meetingId: Int64
        var topic: String?
        var inRoom: Int
        var othersInRoom: Int
        var entries: [PresenceEntryJSON]
    }

    struct Presence: Encodable {
        var rooms: [Room]
    }

    struct Run: Encodable {
        var name: String
        var lastRun: String?
        var ok: Bool
        var error: String?
        var lastSuccess: String?
        var runs: Int
        var failedRuns: Int
        var waiting: Int?
    }

    struct StoreJSON: Encodable {
        var path: String
        var bytes: Int64
        var schema: Int
        var meetings: Int
        var sessions: Int
        var firstMeeting: String?
        var lastMeeting: String?
    }

    struct Health: Encodable {
        var version: String
        var startedAt: String?
        var store: StoreJSON
        var collectors: [Run]
        var sinks: [Run]
        var webhooks: Freshness
        var websocket: LiveStatus.WebSocket?
        var qosBacklog: Int
        var analysisBacklog: Int
        var triggeredFetches: Int
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
