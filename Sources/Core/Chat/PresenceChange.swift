/// Someone joining or leaving a watched room: one `meeting.participant_joined` / `_left` webhook
/// event as stored. Its `id` (the stored event's) orders the feed and is the notifier's cursor.
public struct PresenceChange: Sendable, Hashable {
    public var id: Int64
    public var meetingID: Int64
    /// The meeting instance: who is in the room is counted per instance, so yesterday's session
    /// of a recurring room does not count today.
    public var meetingUUID: String
    public var participantKey: String
    public var name: String
    public var email: String
    public var joined: Bool
    public var time: UnixSeconds

    public init(
        id: Int64, meetingID: Int64, meetingUUID: String, participantKey: String, name: String, email: String, joined: Bool, time: UnixSeconds
    ) {
        self.id = id
        self.meetingID = meetingID
        self.meetingUUID = meetingUUID
        self.participantKey = participantKey
        self.name = name
        self.email = email
        self.joined = joined
        self.time = time
    }

    /// How many are in the room after `changes` (one meeting instance's): everyone whose latest
    /// change, by time and then arrival, is a join.
    public static func inRoom(_ changes: [PresenceChange]) -> Int {
        var latest: [String: PresenceChange] = [:]
        for change in changes {
            if let seen = latest[change.participantKey], (seen.time, seen.id) > (change.time, change.id) { continue }
            latest[change.participantKey] = change
        }
        return latest.values.filter(\.joined).count
    }
}

/// `[presence] watch`: the names or emails that may be shown, compared as ``ParticipantIdentity``
/// compares names (case and spacing do not matter). Everyone else is counted, never named.
public struct PresenceAllowlist: Sendable, Hashable {
    private let entries: Set<String>

    public init(_ watch: [String]) {
        entries = Set(watch.map(ParticipantIdentity.normalisedName).filter { !$0.isEmpty })
    }

    public func allows(_ change: PresenceChange) -> Bool {
        let name = ParticipantIdentity.normalisedName(change.name)
        let email = ParticipantIdentity.normalisedName(change.email)
        return (!name.isEmpty && entries.contains(name)) || (!email.isEmpty && entries.contains(email))
    }
}
