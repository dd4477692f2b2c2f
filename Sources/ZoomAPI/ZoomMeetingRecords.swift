import ZoomDashCore

/// A meeting from `GET /metrics/meetings?type=past` (Dashboard API).
public struct DashboardMeeting: ZoomListItem {
    public static let listKey = "meetings"
    public var uuid: String
    public var id: Int64
    public var topic: String
    public var hostName: String
    public var hostEmail: String
    public var startTime: UnixSeconds?
    public var endTime: UnixSeconds?
    public var durationSeconds: Int64?
    public var participants: Int?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        uuid = c.lenientString(AnyCodingKey("uuid")) ?? ""
        id = c.lenientInt64(AnyCodingKey("id")) ?? 0
        topic = c.lenientString(AnyCodingKey("topic")) ?? ""
        hostName = c.lenientString(AnyCodingKey("host")) ?? ""
        hostEmail = c.lenientString(AnyCodingKey("email")) ?? ""
        startTime = c.lenientTime(AnyCodingKey("start_time"))
        endTime = c.lenientTime(AnyCodingKey("end_time"))
        durationSeconds = c.lenientDurationSeconds(AnyCodingKey("duration"), numberUnitSeconds: 60)
        participants = c.lenientInt64(AnyCodingKey("participants")).map { Int($0) }
    }

    public var instance: MeetingInstance? {
        guard !uuid.isEmpty, let startTime else { return nil }
        return MeetingInstance(
            uuid: uuid, meetingID: id, topic: topic, hostID: "", hostEmail: hostEmail, startTime: startTime,
            endTime: endTime ?? durationSeconds.map { startTime + $0 }, participantsCount: participants, source: .dashboard)
    }
}

/// A meeting from `GET /report/users/{userId}/meetings` (Report API).
public struct ReportMeeting: ZoomListItem {
    public static let listKey = "meetings"
    public var uuid: String
    public var id: Int64
    public var topic: String
    public var hostID: String
    public var hostEmail: String
    public var startTime: UnixSeconds?
    public var endTime: UnixSeconds?
    public var durationMinutes: Int64?
    public var participantsCount: Int?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        uuid = c.lenientString(AnyCodingKey("uuid")) ?? ""
        id = c.lenientInt64(AnyCodingKey("id")) ?? 0
        topic = c.lenientString(AnyCodingKey("topic")) ?? ""
        hostID = c.lenientString(AnyCodingKey("host_id")) ?? ""
        hostEmail = c.lenientString(AnyCodingKey("user_email")) ?? ""
        startTime = c.lenientTime(AnyCodingKey("start_time"))
        endTime = c.lenientTime(AnyCodingKey("end_time"))
        durationMinutes = c.lenientInt64(AnyCodingKey("duration"))
        participantsCount = c.lenientInt64(AnyCodingKey("participants_count")).map { Int($0) }
    }

    public func instance(hostID fallbackHostID: String) -> MeetingInstance? {
        guard !uuid.isEmpty, let startTime else { return nil }
        return MeetingInstance(
            uuid: uuid, meetingID: id, topic: topic, hostID: hostID.isEmpty ? fallbackHostID : hostID,
            hostEmail: hostEmail, startTime: startTime, endTime: endTime ?? durationMinutes.map { startTime + $0 * 60 },
            participantsCount: participantsCount, source: .report)
    }
}

/// A user from `GET /users`.
public struct ZoomUser: ZoomListItem {
    public static let listKey = "users"
    public var id: String
    public var email: String

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        id = c.lenientString(AnyCodingKey("id")) ?? ""
        email = c.lenientString(AnyCodingKey("email")) ?? ""
    }
}
