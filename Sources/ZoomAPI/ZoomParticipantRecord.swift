import ZoomDashCore

/// A participant connection from `GET /metrics/meetings/{uuid}/participants` (Dashboard) or
/// `GET /report/meetings/{uuid}/participants` (Report). The two share most fields; the Report
/// variant has `name`/`user_email` and no `leave_reason`.
public struct ZoomParticipantRecord: ZoomListItem {
    public static let listKey = "participants"
    public var connectionID: String
    public var zoomUserID: String
    public var participantUUID: String
    public var registrantID: String
    public var name: String
    public var email: String
    public var joinTime: UnixSeconds?
    public var leaveTime: UnixSeconds?
    public var leaveReason: String?
    public var status: String
    public var networkType: String
    public var dataCenter: String
    public var device: String
    public var location: String
    public var breakoutRoomID: String
    public var failover: Bool?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        func text(_ key: String) -> String { c.lenientString(AnyCodingKey(key)) ?? "" }
        connectionID = text("user_id")
        // `participant_user_id` is the newer name of the same Zoom user id.
        zoomUserID = c.lenientString(AnyCodingKey("id")) ?? text("participant_user_id")
        participantUUID = text("participant_uuid")
        registrantID = text("registrant_id")
        name = c.lenientString(AnyCodingKey("user_name")) ?? text("name")
        email = c.lenientString(AnyCodingKey("email")) ?? text("user_email")
        joinTime = c.lenientTime(AnyCodingKey("join_time"))
        leaveTime = c.lenientTime(AnyCodingKey("leave_time"))
        leaveReason = c.lenientString(AnyCodingKey("leave_reason"))
        status = text("status")
        networkType = text("network_type")
        dataCenter = text("data_center")
        device = text("device")
        location = text("location")
        breakoutRoomID = text("bo_mtg_id")
        failover = c.lenientBool(AnyCodingKey("failover"))
    }

    /// The stored form; `nil` for a record without a join time (nothing to analyse).
    public func session(meetingUUID: String, source: DataSource) -> ParticipantSession? {
        guard let joinTime else { return nil }
        var details = ParticipantSession.Details()
        details.connectionID = connectionID
        details.participantUUID = participantUUID
        details.zoomUserID = zoomUserID
        details.registrantID = registrantID
        details.status = status
        details.networkType = networkType
        details.dataCenter = dataCenter
        details.device = device
        details.location = location
        details.breakoutRoomID = breakoutRoomID
        details.failover = failover
        let key = ParticipantIdentity.key(
            participantUUID: participantUUID, zoomUserID: zoomUserID, registrantID: registrantID, email: email,
            name: name)
        return ParticipantSession(
            meetingUUID: meetingUUID, participantKey: key, joinTime: joinTime, leaveTime: leaveTime, name: name,
            email: email, leaveReason: leaveReason, details: details, source: source)
    }
}
