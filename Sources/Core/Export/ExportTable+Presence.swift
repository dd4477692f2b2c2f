extension ExportTable {
    /// The presence table: `participant_name, status (in|out), last_join, last_left`, newest action first.
    /// Only people on the `watch` allowlist (name or email, case-insensitive) are named; the privacy rule is
    /// that everyone else is counted (see ``PresenceSummary``) but never listed.
    public static func presence(_ entries: [PresenceEntry], watch: [String]) -> ExportTable {
        let allowed = Set(watch.map { ParticipantIdentity.normalisedName($0) })
        let named = entries.filter { allowed.contains(ParticipantIdentity.normalisedName($0.participantName)) }
        return ExportTable(
            name: "presence", columns: ["participant_name", "status", "last_join", "last_left"],
            rows: named.map { entry in
                [.text(entry.participantName), .text(entry.inRoom ? "in" : "out"), entry.lastJoin.map(Value.time) ?? .null, entry.lastLeft.map(Value.time) ?? .null]
            })
    }
}

/// Who is in the watched rooms, without names: what may be shown about people off the allowlist.
public struct PresenceSummary: Sendable, Hashable {
    public var inRoom: Int
    public var seen: Int

    public init(_ entries: [PresenceEntry]) {
        inRoom = entries.filter(\.inRoom).count
        seen = entries.count
    }
}
