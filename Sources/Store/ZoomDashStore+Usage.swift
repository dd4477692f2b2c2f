import ZoomDashCore

extension ZoomDashStore {
    /// Replaces one meeting's quarter-hour use (schema 8); the totals follow by trigger. Inside the
    /// transaction that stores the meeting's analysis, so the dashboard's rates never disagree with
    /// the disconnections it lists.
    func replaceUsageWithoutTransaction(meetingUUID: String, buckets: [UsageBucket]) throws {
        let delete = try statement("DELETE FROM usage_buckets WHERE meeting_uuid = ?")
        delete.bind(1, meetingUUID)
        try delete.run()
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
        }
    }

    /// Before a re-analysis of everything: the totals first, so the delete trigger finds nothing to
    /// subtract from (a million trigger updates saved).
    func clearUsageWithoutTransaction() throws {
        try connection.execute("DELETE FROM usage_totals; DELETE FROM usage_buckets;")
    }

    /// All meetings' use per quarter hour in `[from, to)`, oldest first; quarters without use are left out.
    public func usageTotals(from: UnixSeconds, to: UnixSeconds) throws -> [UsageBucket] {
        let query = try statement(
            "SELECT bucket, participant_s, sessions, drops, meetings FROM usage_totals WHERE bucket >= ? AND bucket < ? ORDER BY bucket")
        defer { query.reset() }
        query.bind(1, UsageBucket.floorDiv(from))
        query.bind(2, UsageBucket.floorDiv(to + UsageBucket.seconds - 1))
        var result: [UsageBucket] = []
        while try query.step() {
            let row = UsageBucket(
                bucket: query.int64(0), participantSeconds: query.int64(1), sessions: query.int64(2), drops: query.int64(3),
                meetings: query.int64(4))
            if row.participantSeconds != 0 || row.sessions != 0 || row.drops != 0 || row.meetings != 0 { result.append(row) }
        }
        return result
    }
}
