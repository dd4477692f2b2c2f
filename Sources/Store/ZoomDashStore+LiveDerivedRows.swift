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
        let remembered = liveMemory[meetingUUID]
        let storedDrops = try remembered?.disconnections ?? storedRows(.disconnections, meetingUUID: meetingUUID) { query in
            DisconnectionKey(query.text(0), query.int64(1), counted: query.text(3) + "\u{0}" + query.text(7))
        }
        var dropsToInsert: [Disconnection] = []
        var keptDrops: Set<DisconnectionKey> = []
        let update = try statement(
            """
            UPDATE disconnections SET participant_name = ?, leave_reason = ?, rejoined_after_s = ?, lost_s = ?, quality_before = ?
            WHERE meeting_uuid = ? AND participant_key = ? AND time = ?
            """)
        var dropsAfter: [DisconnectionKey: RowsFingerprint] = [:]
        dropsAfter.reserveCapacity(derived.disconnections.count)
        for drop in derived.disconnections {
            let key = DisconnectionKey(drop)
            let fingerprint = RowsFingerprint(disconnections: [drop])
            dropsAfter[key] = fingerprint
            guard let stored = storedDrops[key] else {
                dropsToInsert.append(drop)
                continue
            }
            keptDrops.insert(key)
            guard stored != fingerprint else { continue }
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

        let storedBuckets = try remembered?.usage ?? storedRows(.usage, meetingUUID: meetingUUID) { query in query.int64(0) }
        var bucketsToInsert: [UsageBucket] = []
        var bucketsAfter: [Int64: RowsFingerprint] = [:]
        let updateBucket = try statement(
            "UPDATE usage_buckets SET participant_s = ?, sessions = ?, drops = ?, meetings = ? WHERE meeting_uuid = ? AND bucket = ?")
        for bucket in derived.usage {
            let fingerprint = RowsFingerprint(usage: [bucket])
            bucketsAfter[bucket.bucket] = fingerprint
            guard let stored = storedBuckets[bucket.bucket] else {
                bucketsToInsert.append(bucket)
                continue
            }
            guard stored != fingerprint else { continue }
            // In place (the `usage_update` trigger moves the sums): the current quarter hour of a
            // live class changes on every pass.
            updateBucket.bind(1, bucket.participantSeconds)
            updateBucket.bind(2, bucket.sessions)
            updateBucket.bind(3, bucket.drops)
            updateBucket.bind(4, bucket.meetings)
            updateBucket.bind(5, meetingUUID)
            updateBucket.bind(6, bucket.bucket)
            try updateBucket.run()
        }
        let deleteBucket = try statement("DELETE FROM usage_buckets WHERE meeting_uuid = ? AND bucket = ?")
        for bucket in storedBuckets.keys where bucketsAfter[bucket] == nil {
            deleteBucket.bind(1, meetingUUID)
            deleteBucket.bind(2, bucket)
            try deleteBucket.run()
        }
        var noTally: DerivedCountChanges? = nil  // the triggers count
        try insertUsageWithoutTransaction(meetingUUID: meetingUUID, bucketsToInsert, tally: &noTally)
        // The rows are now the derived ones, unless two shared a key (the table kept one of them).
        let unique = dropsAfter.count == derived.disconnections.count && bucketsAfter.count == derived.usage.count
        liveMemory.update(meetingUUID) { memory in
            memory.disconnections = unique ? dropsAfter : nil
            memory.usage = unique ? bucketsAfter : nil
        }
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
}
