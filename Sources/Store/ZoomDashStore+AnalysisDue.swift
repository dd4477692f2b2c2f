import ZoomDashCore

/// A meeting with webhook events that the live analysis has not taken into account yet.
public struct AnalysisDue: Sendable, Hashable {
    public var meetingUUID: String
    public var meetingID: Int64?
    /// The newest of its events when the mark was first written (a mark is not rewritten for later ones).
    public var lastEventID: Int64
    /// When its oldest unanalysed event was stored.
    public var since: UnixSeconds

    public init(meetingUUID: String, meetingID: Int64?, lastEventID: Int64, since: UnixSeconds) {
        self.meetingUUID = meetingUUID
        self.meetingID = meetingID
        self.lastEventID = lastEventID
        self.since = since
    }
}

/// The live analysis's to-do list lives in the store (`analysis_due`), written in the same transaction
/// as the events it stands for, so what a crash or a restart interrupted is resumed, never lost.
extension ZoomDashStore {
    /// Marks a meeting whose participants Zoom's record just replaced (the collector analyses it at
    /// once; a crash in between leaves this for the live analysis). Inside that transaction.
    func markAnalysisDueWithoutTransaction(meetingUUID: String, now: UnixSeconds) throws {
        let insert = try statement(
            """
            INSERT INTO analysis_due(meeting_uuid, meeting_id, last_event_id, since)
            SELECT uuid, meeting_id, 0, ? FROM meetings WHERE uuid = ?
            ON CONFLICT(meeting_uuid) DO NOTHING
            """)
        insert.bind(1, now)
        insert.bind(2, meetingUUID)
        try insert.run()
    }

    /// Marks the meetings of freshly stored events as due, keeping each mark's oldest `since` and its
    /// `last_event_id` (the newest event of the commit that marked it first: the analysis reads a
    /// meeting's events itself).
    /// A meeting already marked is left as it is unless it learns its meeting id: most webhook commits
    /// under load find their class marked, and rewriting the mark cost a page in the log each.
    /// Call inside the transaction that stored the events.
    func markAnalysisDueWithoutTransaction(_ marks: [String: AnalysisDue]) throws {
        let upsert = try statement(
            """
            INSERT INTO analysis_due(meeting_uuid, meeting_id, last_event_id, since) VALUES (?, ?, ?, ?)
            ON CONFLICT(meeting_uuid) DO UPDATE SET meeting_id = excluded.meeting_id
                WHERE meeting_id IS NULL AND excluded.meeting_id IS NOT NULL
            """)
        for mark in marks.values {
            upsert.bind(1, mark.meetingUUID)
            upsert.bind(2, mark.meetingID)
            upsert.bind(3, mark.lastEventID)
            upsert.bind(4, mark.since)
            try upsert.run()
        }
    }

    /// The oldest `limit` marks, with the meeting id from the meeting row when the events had none.
    public func analysisDue(limit: Int) throws -> [AnalysisDue] {
        let query = try statement(
            """
            SELECT d.meeting_uuid, coalesce(d.meeting_id, m.meeting_id), d.last_event_id, d.since
            FROM analysis_due d LEFT JOIN meetings m ON m.uuid = d.meeting_uuid
            ORDER BY d.since, d.meeting_uuid LIMIT ?
            """)
        defer { query.reset() }
        query.bind(1, limit)
        var result: [AnalysisDue] = []
        while try query.step() {
            result.append(
                AnalysisDue(meetingUUID: query.text(0), meetingID: query.optionalInt64(1), lastEventID: query.int64(2), since: query.int64(3)))
        }
        return result
    }

    /// Meetings still marked due although Zoom's own record of their participants is stored: what a
    /// collector run killed between storing a meeting and analysing it left behind (the mark goes in
    /// with the participants). The live analysis takes such marks in the daemon; a backfill has none.
    public func fetchedMeetingsStillDue() throws -> [String] {
        let query = try statement(
            """
            SELECT d.meeting_uuid FROM analysis_due d JOIN meetings m ON m.uuid = d.meeting_uuid
            WHERE m.participants_fetched_at IS NOT NULL ORDER BY d.meeting_uuid
            """)
        defer { query.reset() }
        var result: [String] = []
        while try query.step() { result.append(query.text(0)) }
        return result
    }

    /// How many meetings wait for the live analysis, and since when the oldest does.
    public func analysisBacklog() throws -> (meetings: Int, oldest: UnixSeconds?) {
        let query = try statement("SELECT COUNT(*), min(since) FROM analysis_due")
        defer { query.reset() }
        _ = try query.step()
        return (Int(query.int64(0)), query.optionalInt64(1))
    }
}
