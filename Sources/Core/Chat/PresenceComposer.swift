import Foundation

/// The presence feed's wording: "Alice joined Lookout Room (3 in the room)". The changes of one
/// look at the rooms (a burst) are one message, a line per room and each person once, with their
/// last change. Only people on the allowlist are named; the others are "someone" or counted.
public struct PresenceComposer: Sendable {
    public struct Room: Sendable, Hashable {
        public var name: String
        /// In the room now, named or not.
        public var inRoom: Int

        public init(name: String, inRoom: Int) {
            self.name = name
            self.inRoom = inRoom
        }
    }

    public var allowlist: PresenceAllowlist
    /// By meeting UUID; a room not here is "room ID" with its count unknown (not shown).
    public var rooms: [String: Room]

    public init(allowlist: PresenceAllowlist, rooms: [String: Room]) {
        self.allowlist = allowlist
        self.rooms = rooms
    }

    public func message(_ changes: [PresenceChange]) -> ChatMessage? {
        var order: [String] = []
        var byRoom: [String: [PresenceChange]] = [:]
        for change in changes.sorted(by: { $0.id < $1.id }) {
            if byRoom[change.meetingUUID] == nil { order.append(change.meetingUUID) }
            byRoom[change.meetingUUID, default: []].append(change)
        }
        let lines = order.map { line(byRoom[$0]!) }
        guard let first = lines.first else { return nil }
        if lines.count == 1 { return ChatMessage(headline: first, title: "Presence", severity: .information) }
        return ChatMessage(
            headline: .init("Presence in \(lines.count) rooms"), title: "Presence", details: lines.map { .init("• " + $0.text) }, severity: .information)
    }

    /// One room's changes as a sentence.
    func line(_ changes: [PresenceChange]) -> ChatMessage.Line {
        var last: [String: PresenceChange] = [:]
        var people: [String] = []
        for change in changes {
            if last[change.participantKey] == nil { people.append(change.participantKey) }
            if let seen = last[change.participantKey], (seen.time, seen.id) > (change.time, change.id) { continue }
            last[change.participantKey] = change
        }
        let final = people.map { last[$0]! }
        let joins = final.filter(\.joined)
        let leaves = final.filter { !$0.joined }
        let room = rooms[changes[0].meetingUUID]
        let name = room?.name ?? "room \(changes[0].meetingID)"
        let count = room.map { " (\($0.inRoom) in the room)" } ?? ""
        switch (joins.isEmpty, leaves.isEmpty) {
        case (false, true): return .init(subject(joins) + " joined " + name + count)
        case (true, false): return .init(subject(leaves) + " left " + name + count)
        default: return .init(name + ": " + subject(joins) + " joined, " + lowercasedSomeone(subject(leaves)) + " left" + count)
        }
    }

    /// "Alice", "Alice and Bob", "Alice and 2 others", "Someone", "3 people".
    func subject(_ changes: [PresenceChange]) -> String {
        var names: [String] = []
        for change in changes where allowlist.allows(change) {
            let name = change.name.trimmingCharacters(in: .whitespaces)
            if !names.contains(name) { names.append(name.isEmpty ? change.email : name) }
        }
        let others = changes.filter { !allowlist.allows($0) }.count
        if names.isEmpty { return others == 1 ? "Someone" : "\(others) people" }
        if others > 0 { names.append(others == 1 ? "1 other" : "\(others) others") }
        return names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }

    private func lowercasedSomeone(_ text: String) -> String { text == "Someone" ? "someone" : text }
}
