/// Decides whether a meeting is monitored, from the `[meetings]` selection. Empty lists match all.
// `Regex<AnyRegexOutput>` is not marked Sendable, but compiled regexes are immutable values: sharing is safe.
public struct MeetingFilter: @unchecked Sendable {
    public let selection: MeetingSelection
    private let include: [Regex<AnyRegexOutput>]
    private let exclude: [Regex<AnyRegexOutput>]

    /// Patterns were validated by the config loader; an invalid one here is a programmer error.
    public init(_ selection: MeetingSelection) {
        self.selection = selection
        include = selection.includeTopics.map { try! Regex($0) }
        exclude = selection.excludeTopics.map { try! Regex($0) }
    }

    public func isMonitored(_ meeting: MeetingInstance) -> Bool {
        if !selection.meetingIDs.isEmpty, !selection.meetingIDs.contains(meeting.meetingID) { return false }
        if !selection.hosts.isEmpty {
            let email = meeting.hostEmail.lowercased()
            let listed = selection.hosts.contains(email) || selection.hosts.contains(meeting.hostID.lowercased())
            // Webhooks name the host by user id only: without an email a meeting passes for now, and
            // Zoom's listing of it (with the email) decides once it has ended.
            if !listed && !email.isEmpty { return false }
        }
        if !include.isEmpty, !include.contains(where: { meeting.topic.contains($0) }) { return false }
        if exclude.contains(where: { meeting.topic.contains($0) }) { return false }
        return true
    }
}
