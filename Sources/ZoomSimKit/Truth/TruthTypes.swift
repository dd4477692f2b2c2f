import Foundation

/// The analysis thresholds the ground truth is computed for.
public struct TruthThresholds: Sendable, Hashable, Codable {
    /// Report source: a gap of 0 < gap ≤ this between two records of a person is a reconnect.
    public var reconnectGraceSeconds: Int
    public var collectiveWindowSeconds: Int
    public var collectiveMinParticipants: Int
    public var collectiveMinFraction: Double
    public var accountMinMeetings: Int

    public init(
        reconnectGraceSeconds: Int = 120,
        collectiveWindowSeconds: Int = 60,
        collectiveMinParticipants: Int = 3,
        collectiveMinFraction: Double = 0.2,
        accountMinMeetings: Int = 3
    ) {
        self.reconnectGraceSeconds = reconnectGraceSeconds
        self.collectiveWindowSeconds = collectiveWindowSeconds
        self.collectiveMinParticipants = collectiveMinParticipants
        self.collectiveMinFraction = collectiveMinFraction
        self.accountMinMeetings = accountMinMeetings
    }
}

/// Which API the analysis reads: the Dashboard (with `leave_reason`) or the Report (without).
public enum TruthSource: String, Sendable, Hashable, Codable, CaseIterable {
    case dashboard
    case report
}

public struct TruthDisconnection: Sendable, Hashable, Codable {
    public let meetingUUID: String
    public let meetingID: Int64
    public let topic: String
    public let participantName: String
    /// The leave time of the disconnected record.
    public let time: Date
    /// "network" / "client" (dashboard) or "inferred" (report).
    public let reasonClass: String
    /// Next join minus this leave, nil when the person never came back.
    public let rejoinedAfterSeconds: Int?
    /// The person's QoS in the minutes before the leave: "poor", "ok" or "unknown" (no data).
    public let qualityBefore: String
}

public struct TruthIncident: Sendable, Hashable, Codable {
    /// "meeting" or "account".
    public let scope: String
    /// The meeting of a meeting-scope incident; nil for account scope.
    public let meetingUUID: String?
    public let start: Date
    public let end: Date
    public let dropped: Int
    public let present: Int
    /// Number of meetings (account scope only).
    public let meetings: Int?
}

/// Call quality of one meeting with QoS data.
public struct TruthMeetingQuality: Sendable, Hashable, Codable {
    public let meetingUUID: String
    public let meetingID: Int64
    public let topic: String
    /// (participant_uuid, minute) pairs with at least one sample.
    public let participantMinutes: Int
    /// Those of them with a poor sample.
    public let poorMinutes: Int
}

/// The cause of one dashboard incident; `scope`, `meetingUUID` and `start` join it to its
/// `TruthIncident`.
public struct TruthIncidentCause: Sendable, Hashable, Codable {
    public let scope: String
    public let meetingUUID: String?
    public let start: Date
    /// "local_network", "zoom_or_shared" or "unknown".
    public let cause: String
}
