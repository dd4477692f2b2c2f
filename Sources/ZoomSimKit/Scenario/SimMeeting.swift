import Foundation

/// One ended (or scheduled-to-end) meeting instance.
public struct SimMeeting: Sendable, Hashable {
    /// Instance UUID (24-char base64); a new one per occurrence.
    public let uuid: String
    /// 11-digit meeting number; shared by all occurrences of a recurring meeting.
    public let id: Int64
    /// Zoom meeting type: 8 recurring with fixed time, 2 scheduled.
    public let type: Int
    public let topic: String
    public let hostID: String
    public let hostEmail: String
    public let hostName: String
    public let start: Date
    public let end: Date
    /// Every connection record, sorted by join time (then name).
    public let records: [ParticipantRecord]
    /// True for class meetings (topics matching `(?i)class|lesson`).
    public let isClass: Bool

    /// Distinct people (participant UUIDs).
    public var participantCount: Int { Set(records.map(\.participantUUID)).count }
    /// Actual length in seconds.
    public var durationSeconds: Int { end.epochSeconds - start.epochSeconds }
    /// Scheduled length in minutes (what webhooks call `duration`).
    public var scheduledMinutes: Int { isClass ? 45 : max(15, (durationSeconds / 60 / 5) * 5) }
}
