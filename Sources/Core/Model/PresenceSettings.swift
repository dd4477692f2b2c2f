/// `[presence]`: the "who is in the room now" table.
public struct PresenceSettings: Sendable, Hashable {
    /// The rooms (numeric meeting ids) to watch.
    public var meetingIDs: [Int64] = []
    /// Names or emails that may be shown (the privacy allowlist); everyone else is only counted.
    public var watch: [String] = []
    public init() {}
}
