/// Why a disconnection was recorded: Zoom said so (`network`, `client`), or, without a
/// `leave_reason` (Report API), a quick rejoin of the same person gave it away (`inferred`).
public enum DisconnectionReason: String, Sendable, Codable, CaseIterable {
    case network
    case client
    case inferred
}

/// A participant dropping out of a meeting instance against their will.
public struct Disconnection: Sendable, Hashable {
    public var meetingUUID: String
    public var participantKey: String
    public var participantName: String
    public var time: UnixSeconds
    public var reason: DisconnectionReason
    public var leaveReason: String?
    /// Seconds until the same person was connected again; `nil` when they never came back.
    public var rejoinedAfterSeconds: Int64?
    /// Meeting time lost: the gap until the rejoin, or until the meeting ended when they never came back.
    public var lostSeconds: Int64
    public var source: DataSource
    /// Whether the person's own call quality was already poor just before the drop.
    public var qualityBefore: QualityBefore = .unknown

    public init(
        meetingUUID: String, participantKey: String, participantName: String, time: UnixSeconds,
        reason: DisconnectionReason, leaveReason: String?, rejoinedAfterSeconds: Int64?, lostSeconds: Int64,
        source: DataSource
    ) {
        self.meetingUUID = meetingUUID
        self.participantKey = participantKey
        self.participantName = participantName
        self.time = time
        self.reason = reason
        self.leaveReason = leaveReason
        self.rejoinedAfterSeconds = rejoinedAfterSeconds
        self.lostSeconds = lostSeconds
        self.source = source
    }
}
