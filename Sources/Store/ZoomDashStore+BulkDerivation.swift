import ZoomDashCore

/// A whole-store re-analysis may rewrite most derived rows, and the triggers that keep their counts
/// (`row_counts` for disconnections, `usage_totals` for the quarter hours) would cost each row
/// written as much again as the row itself. So inside the re-analysis transaction they are dropped,
/// the writes note what they add and take away (``DerivedCountChanges``), the counts take those
/// changes once at the end, and the triggers are created again from their own stored SQL. All of it
/// is one transaction: a failure or a crash leaves the triggers, the rows and the counts as they were.
extension ZoomDashStore {
    /// The triggers whose work ``DerivedCountChanges`` does instead; any other trigger keeps firing.
    static let derivedCountTriggers = ["disconnections_count_insert", "disconnections_count_delete", "usage_insert", "usage_delete"]

    func withDerivedCountTriggersSuspended<T>(_ body: (inout DerivedCountChanges?) throws -> T) throws -> T {
        let names = Self.derivedCountTriggers.map { "'\($0)'" }.joined(separator: ", ")
        let list = try connection.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (\(names)) ORDER BY name")
        var triggers: [(name: String, sql: String)] = []
        while try list.step() { triggers.append((list.text(0), list.text(1))) }
        for trigger in triggers { try connection.execute("DROP TRIGGER \"\(trigger.name)\"") }
        var changes: DerivedCountChanges? = DerivedCountChanges()
        let result = try body(&changes)
        try apply(changes ?? DerivedCountChanges())
        for trigger in triggers { try connection.execute(trigger.sql) }
        return result
    }

    private func apply(_ changes: DerivedCountChanges) throws {
        let count = try connection.prepare(
            "INSERT INTO row_counts VALUES ('disconnections', ?, ?, ?) ON CONFLICT (kind, a, b) DO UPDATE SET n = n + excluded.n")
        for (kind, delta) in changes.disconnections where delta != 0 {
            count.bind(1, kind.reasonClass)
            count.bind(2, kind.source)
            count.bind(3, delta)
            try count.run()
        }
        let total = try connection.prepare(
            """
            INSERT INTO usage_totals VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (bucket) DO UPDATE SET participant_s = participant_s + excluded.participant_s,
                sessions = sessions + excluded.sessions, drops = drops + excluded.drops, meetings = meetings + excluded.meetings
            """)
        for (_, delta) in changes.usage where delta != UsageBucket(bucket: delta.bucket) {
            total.bind(1, delta.bucket)
            total.bind(2, delta.participantSeconds)
            total.bind(3, delta.sessions)
            total.bind(4, delta.drops)
            total.bind(5, delta.meetings)
            try total.run()
        }
    }
}

/// What the derived rows written while their count triggers were suspended added to and took away
/// from the counts those triggers keep.
struct DerivedCountChanges {
    struct DisconnectionKind: Hashable {
        var reasonClass: String
        var source: String
    }

    var disconnections: [DisconnectionKind: Int64] = [:]
    /// By bucket: the change of each total.
    var usage: [Int64: UsageBucket] = [:]

    mutating func disconnection(reasonClass: String, source: String, _ delta: Int64) {
        disconnections[DisconnectionKind(reasonClass: reasonClass, source: source), default: 0] += delta
    }

    mutating func usage(_ row: UsageBucket, _ sign: Int64) {
        var total = usage[row.bucket, default: UsageBucket(bucket: row.bucket)]
        total.participantSeconds += sign * row.participantSeconds
        total.sessions += sign * row.sessions
        total.drops += sign * row.drops
        total.meetings += sign * row.meetings
        usage[row.bucket] = total
    }
}
