/// The `[meetings]` filter: which meetings are the institution's monitored class sessions.
public struct MeetingSelection: Sendable, Hashable {
    public var includeTopics = ["(?i)class|lesson"]
    public var excludeTopics: [String] = []
    public var hosts: [String] = []
    public var meetingIDs: [Int64] = []

    public init() {}
}
