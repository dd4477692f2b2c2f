import ZoomDashCore

/// The live analysis's write of one meeting's derived rows, row by row: a pass meets a class again
/// for a few new events, which change a few of its disconnections and its current quarter hour; the
/// inserts into the disconnections' table and three indexes cost a pass several times its analysis.
extension ZoomDashStore {
    /// Makes the stored disconnections and quarter hours of `meetingUUID` equal to `derived`, writing
    /// only the rows whose key is new or gone, or that hold other values (a drop updated in place,
    /// such as its time lost once the person rejoins). Both tables are keyed (WITHOUT ROWID), so they
    /// end as a rewrite would leave them. Inside a transaction, with the count triggers on.
    func storeLiveDerivedRowsWithoutTransaction(meetingUUID: String, _ derived: DerivedMeetingRows) throws {
        // A drop's class and source are what the count triggers count: a row that keeps both is updated
        // in place (no trigger, and only the index holding lost time and quality is touched).
        let storedDrops = try storedRows(.disconnections, meetingUUID: meetingUUID) { query in
            DisconnectionKey(query.text(0), query.int64(1), counted: query.text(3) + "\u{0}" + query.text(7))
        }
        var dropsToInsert: [Disconnection] = []
        var keptDrops: Set<DisconnectionKey> = []
        let update = try statement(
            """
            UPDATE disconnections SET participant_name = ?, leave_reason = ?, rejoined_after_s = ?, lost_s = ?, quality_before = ?
            WHERE meeting_uuid = ? AND participant_key = ? AND time = ?
            """)
        for drop in derived.disconnections {
            let key = DisconnectionKey(drop.participantKey, drop.time, counted: drop.reason.rawValue + "\u{0}" + drop.source.rawValue)
            guard let stored = storedDrops[key] else {
                dropsToInsert.append(drop)
                continue
            }
            keptDrops.insert(key)
            guard stored != RowsFingerprint(disconnections: [drop]) else { continue }
            update.bind(1, drop.participantName)
            update.bind(2, drop.leaveReason)
            update.bind(3, drop.rejoinedAfterSeconds)
            update.bind(4, drop.lostSeconds)
            update.bind(5, drop.qualityBefore.rawValue)
            update.bind(6, meetingUUID)
            update.bind(7, drop.participantKey)
            update.bind(8, drop.time)
            try update.run()
        }
        let deleteDrop = try statement("DELETE FROM disconnections WHERE meeting_uuid = ? AND participant_key = ? AND time = ?")
        for key in storedDrops.keys where !keptDrops.contains(key) {
            deleteDrop.bind(1, meetingUUID)
            deleteDrop.bind(2, key.participantKey)
            deleteDrop.bind(3, key.time)
            try deleteDrop.run()
        }
        try insertWithoutTransaction(dropsToInsert)

        let storedBuckets = try storedRows(.usage, meetingUUID: meetingUUID) { query in query.int64(0) }
        var bucketsToInsert: [UsageBucket] = []
        var keptBuckets: Set<Int64> = []
        for bucket in derived.usage {
            if storedBuckets[bucket.bucket] == RowsFingerprint(usage: [bucket]) {
                keptBuckets.insert(bucket.bucket)
            } else {
                bucketsToInsert.append(bucket)
            }
        }
        let deleteBucket = try statement("DELETE FROM usage_buckets WHERE meeting_uuid = ? AND bucket = ?")
        for bucket in storedBuckets.keys where !keptBuckets.contains(bucket) {
            deleteBucket.bind(1, meetingUUID)
            deleteBucket.bind(2, bucket)
            try deleteBucket.run()
        }
        var noTally: DerivedCountChanges? = nil  // the triggers count
        try insertUsageWithoutTransaction(meetingUUID: meetingUUID, bucketsToInsert, tally: &noTally)
    }

    /// One meeting's stored rows of `table`, each fingerprinted alone, by the key `key` reads from the row.
    private func storedRows<Key: Hashable>(_ table: DerivedTable, meetingUUID: String, key: (SQLiteStatement) -> Key) throws
        -> [Key: RowsFingerprint]
    {
        let query = try statement("SELECT \(table.columns) FROM \(table.rawValue) WHERE meeting_uuid = ?")
        defer { query.reset() }
        query.bind(1, meetingUUID)
        var result: [Key: RowsFingerprint] = [:]
        let columns = Int32(table.columns.split(separator: ",").count)
        while try query.step() {
            var row = RowHasher()
            for column in 0..<columns { row.column(query, column) }
            var fingerprint = RowsFingerprint()
            fingerprint.add(row)
            result[key(query)] = fingerprint
        }
        return result
    }

    /// The key of a stored disconnection within its meeting, with what its count triggers count (its
    /// class and source): a drop whose class changed is deleted and inserted again, as if new.
    private struct DisconnectionKey: Hashable {
        let participantKey: String
        let time: UnixSeconds
        let counted: String

        init(_ participantKey: String, _ time: UnixSeconds, counted: String) {
            self.participantKey = participantKey
            self.time = time
            self.counted = counted
        }
    }
}
