import ZoomDashCore

extension ZoomDashStore {
    /// Inserts or refreshes meeting instances. A refresh never forgets that participants were
    /// already fetched, so re-listing a window costs no participant calls; a webhook's refresh never
    /// changes whether a meeting is monitored (it may not know the host's email; Zoom's listing does).
    /// - Returns: how many instances were new.
    @discardableResult
    public func upsertMeetings(
        _ meetings: [MeetingInstance], monitored: @Sendable (MeetingInstance) -> Bool, now: UnixSeconds
    )
        throws -> Int
    {
        let before = try connection.scalarInt("SELECT COUNT(*) FROM meetings")
        try transaction(keepsLiveMemory: true) {
            try upsertMeetingsWithoutTransaction(meetings, monitored: monitored, now: now)
        }
        return Int(try connection.scalarInt("SELECT COUNT(*) FROM meetings") - before)
    }

    func upsertMeetingsWithoutTransaction(
        _ meetings: [MeetingInstance], monitored: @Sendable (MeetingInstance) -> Bool, now: UnixSeconds
    ) throws {
        let upsert = try statement(
            """
            INSERT INTO meetings(uuid, meeting_id, topic, host_id, host_email, start_time, end_time,
                                 participants_count, source, monitored, participants_fetched_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
            ON CONFLICT(uuid) DO UPDATE SET
                meeting_id = excluded.meeting_id, topic = excluded.topic,
                host_id = CASE excluded.host_id WHEN '' THEN host_id ELSE excluded.host_id END,
                host_email = CASE excluded.host_email WHEN '' THEN host_email ELSE excluded.host_email END,
                start_time = excluded.start_time, end_time = coalesce(excluded.end_time, end_time),
                participants_count = coalesce(excluded.participants_count, participants_count),
                monitored = CASE excluded.source WHEN 'webhook' THEN monitored ELSE excluded.monitored END,
                updated_at = excluded.updated_at
            """)
        for meeting in meetings {
            upsert.bind(1, meeting.uuid)
            upsert.bind(2, meeting.meetingID)
            upsert.bind(3, meeting.topic)
            upsert.bind(4, meeting.hostID)
            upsert.bind(5, meeting.hostEmail)
            upsert.bind(6, meeting.startTime)
            upsert.bind(7, meeting.endTime)
            upsert.bind(8, meeting.participantsCount)
            upsert.bind(9, meeting.source.rawValue)
            upsert.bind(10, monitored(meeting))
            upsert.bind(11, now)
            try upsert.run()
        }
    }

    /// Monitored meetings that started in `[from, to)` and whose participants were not fetched yet.
    public func meetingsAwaitingParticipants(from: UnixSeconds, to: UnixSeconds) throws
        -> [MeetingInstance]
    {
        let query = try statement(
            "SELECT \(Self.meetingColumns) FROM meetings WHERE monitored = 1 AND participants_fetched_at IS NULL "
                + "AND start_time >= ? AND start_time < ? ORDER BY start_time, uuid")
        defer { query.reset() }
        query.bind(1, from)
        query.bind(2, to)
        var result: [MeetingInstance] = []
        while try query.step() { result.append(Self.meeting(from: query)) }
        return result
    }

    public func meeting(uuid: String) throws -> MeetingInstance? {
        let query = try statement("SELECT \(Self.meetingColumns) FROM meetings WHERE uuid = ?")
        defer { query.reset() }
        query.bind(1, uuid)
        return try query.step() ? Self.meeting(from: query) : nil
    }

    /// Counts for progress reporting: monitored meetings in `[from, to)`, and how many are fetched.
    public func meetingProgress(from: UnixSeconds, to: UnixSeconds) throws -> (total: Int, done: Int) {
        let query = try statement(
            "SELECT COUNT(*), COUNT(participants_fetched_at) FROM meetings "
                + "WHERE monitored = 1 AND start_time >= ? AND start_time < ?")
        defer { query.reset() }
        query.bind(1, from)
        query.bind(2, to)
        _ = try query.step()
        return (Int(query.int64(0)), Int(query.int64(1)))
    }

    static let meetingColumns =
        "uuid, meeting_id, topic, host_id, host_email, start_time, end_time, participants_count, source"

    static func meeting(from row: SQLiteStatement) -> MeetingInstance {
        MeetingInstance(
            uuid: row.text(0), meetingID: row.int64(1), topic: row.text(2), hostID: row.text(3),
            hostEmail: row.text(4), startTime: row.int64(5), endTime: row.optionalInt64(6),
            participantsCount: row.optionalInt64(7).map { Int($0) },
            source: DataSource(rawValue: row.text(8)) ?? .dashboard
        )
    }
}
