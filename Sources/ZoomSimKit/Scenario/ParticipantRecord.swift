import Foundation

/// One connection of one person to one meeting instance (Zoom lists a person once per join).
public struct ParticipantRecord: Sendable, Hashable {
    /// Stable per person per meeting instance (uppercase GUID), shared by all their records.
    public let participantUUID: String
    public let name: String
    /// Zoom user id when signed in to the account, else "" (`id` / `participant_user_id`).
    public let zoomUserID: String
    public let email: String
    public let registrantID: String
    /// Per-connection numeric id: a new value on every join (`user_id`).
    public let userID: String
    public let isHost: Bool
    public let joinTime: Date
    public let leaveTime: Date
    public let leaveReason: LeaveReason
    /// "" in the main room, else the breakout room id (`bo_mtg_id`).
    public let breakoutRoomID: String
    public let client: ClientProfile

    public var durationSeconds: Int { leaveTime.epochSeconds - joinTime.epochSeconds }
}
