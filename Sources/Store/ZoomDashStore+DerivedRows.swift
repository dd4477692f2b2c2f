import ZoomDashCore

/// Derived rows written only where they changed: a re-analysis usually derives most meetings'
/// disconnections and quarter hours exactly as they are stored, and rewriting a row costs every
/// index and trigger of its table, reading it back a fraction of that.
extension ZoomDashStore {
    enum DerivedTable: String {
        case disconnections
        case usage = "usage_buckets"

        var columns: String { self == .disconnections ? RowsFingerprint.disconnectionColumns : RowsFingerprint.usageColumns }
    }

    /// Every meeting's stored rows of `table`, fingerprinted in one pass in key order.
    static func storedFingerprints(_ table: DerivedTable, in connection: SQLiteConnection) throws -> KeyOrderedFingerprints {
        let query = try connection.prepare("SELECT meeting_uuid, \(table.columns) FROM \(table.rawValue) ORDER BY meeting_uuid")
        var result = KeyOrderedFingerprints()
        var meeting = RepeatedText()
        var uuid = ""
        var current = RowsFingerprint()
        let columns = Int32(table.columns.split(separator: ",").count)
        while try query.step() {
            let (text, isNew) = meeting.read(query, 0)
            if isNew {
                if current.count > 0 { result.append(uuid, current) }
                (uuid, current) = (text, RowsFingerprint())
            }
            var row = RowHasher()
            for column in 1...columns { row.column(query, column) }
            current.add(row)
        }
        if current.count > 0 { result.append(uuid, current) }
        return result
    }

    /// Makes one meeting's stored derived rows `derived`, writing only a table whose stored
    /// fingerprint (nil: no rows stored) differs. Inside the transaction that stores the meeting's
    /// analysis, so the dashboard's rates never disagree with the disconnections it lists. `tally`
    /// is nil while the count triggers run, else it takes the changes they would have made.
    func storeDerivedRowsWithoutTransaction(
        meetingUUID: String, _ derived: DerivedMeetingRows, storedDisconnections: RowsFingerprint?, storedUsage: RowsFingerprint?,
        tally: inout DerivedCountChanges?
    ) throws {
        if (storedDisconnections ?? RowsFingerprint()) != derived.disconnectionsFingerprint {
            if storedDisconnections != nil { try deleteDerivedRows(.disconnections, meetingUUID: meetingUUID, tally: &tally) }
            try insertWithoutTransaction(derived.disconnections)
            for drop in derived.disconnections { tally?.disconnection(reasonClass: drop.reason.rawValue, source: drop.source.rawValue, 1) }
        }
        if (storedUsage ?? RowsFingerprint()) != derived.usageFingerprint {
            if storedUsage != nil { try deleteDerivedRows(.usage, meetingUUID: meetingUUID, tally: &tally) }
            try insertUsageWithoutTransaction(meetingUUID: meetingUUID, derived.usage, tally: &tally)
        }
    }

    func insertUsageWithoutTransaction(meetingUUID: String, _ buckets: [UsageBucket], tally: inout DerivedCountChanges?) throws {
        let insert = try statement(
            "INSERT INTO usage_buckets(meeting_uuid, bucket, participant_s, sessions, drops, meetings) VALUES (?, ?, ?, ?, ?, ?)")
        for bucket in buckets {
            insert.bind(1, meetingUUID)
            insert.bind(2, bucket.bucket)
            insert.bind(3, bucket.participantSeconds)
            insert.bind(4, bucket.sessions)
            insert.bind(5, bucket.drops)
            insert.bind(6, bucket.meetings)
            try insert.run()
            tally?.usage(bucket, 1)
        }
    }

    func deleteDerivedRows(_ table: DerivedTable, meetingUUID: String, tally: inout DerivedCountChanges?) throws {
        guard tally != nil else {
            let delete = try statement("DELETE FROM \(table.rawValue) WHERE meeting_uuid = ?")
            delete.bind(1, meetingUUID)
            return try delete.run()
        }
        let returning = table == .disconnections ? "reason_class, source" : RowsFingerprint.usageColumns
        let delete = try statement("DELETE FROM \(table.rawValue) WHERE meeting_uuid = ? RETURNING \(returning)")
        defer { delete.reset() }
        delete.bind(1, meetingUUID)
        while try delete.step() {
            switch table {
            case .disconnections: tally?.disconnection(reasonClass: delete.text(0), source: delete.text(1), -1)
            case .usage:
                let row = UsageBucket(
                    bucket: delete.int64(0), participantSeconds: delete.int64(1), sessions: delete.int64(2), drops: delete.int64(3),
                    meetings: delete.int64(4))
                tally?.usage(row, -1)
            }
        }
    }
}
