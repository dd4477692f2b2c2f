import ZoomDashCore

/// Intervals a live source without replay (Zoom's WebSocket) was disconnected. Events of those
/// intervals are gone for good; the meetings active then are queued in `triggered_fetches`, so the
/// scheduler fetches their participants and QoS from the REST API once Zoom has the records.
extension ZoomDashStore {
    public struct LiveSourceGap: Sendable, Equatable {
        public var source: String
        public var from: UnixSeconds
        public var to: UnixSeconds
        /// Monitored meetings queued for reconciliation.
        public var meetings: Int
    }

    /// Records `[from, to]` and queues the monitored meetings active in it, noting each of them for
    /// the live view (`live_source_gap_meetings`). Active: by its times (started by the gap's end, not
    /// ended before its start; one open for more than a day is taken as ended without its webhook), or
    /// by what the source had delivered (not ended, and an event of it arrived in the day before the
    /// gap: events can arrive hours late, so a meeting the store holds open was live for the source
    /// whatever its times say). A meeting still running is queued at `to`: the participants fetch of a
    /// meeting still running is retried by `meeting.ended`, which queues it again. One transaction.
    @discardableResult
    public func recordLiveSourceGap(source: String, from: UnixSeconds, to: UnixSeconds) throws -> LiveSourceGap {
        try transaction(keepsLiveMemory: true) {
            let active = try statement(
                """
                SELECT uuid, min(coalesce(end_time, ?1), ?1) FROM meetings
                WHERE monitored = 1 AND (
                    (start_time <= ?1 AND (end_time IS NULL OR end_time >= ?2) AND start_time >= ?2 - 86400)
                    OR (end_time IS NULL AND updated_at >= ?2 - 86400 AND updated_at <= ?1))
                """)
            active.bind(1, to)
            active.bind(2, from)
            var meetings: [(uuid: String, endedAt: UnixSeconds)] = []
            while try active.step() { meetings.append((active.text(0), active.int64(1))) }
            active.reset()
            let queue = try statement("INSERT INTO triggered_fetches(meeting_uuid, ended_at) VALUES (?, ?) ON CONFLICT(meeting_uuid) DO NOTHING")
            let note = try statement(
                "INSERT INTO live_source_gap_meetings(source, started_at, meeting_uuid) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            var queued = 0
            for meeting in meetings {
                queue.bind(1, meeting.uuid)
                queue.bind(2, meeting.endedAt)
                try queue.run()
                queued += Int(connection.changes)
                note.bind(1, source)
                note.bind(2, from)
                note.bind(3, meeting.uuid)
                try note.run()
            }
            let insert = try statement(
                "INSERT INTO live_source_gaps(source, started_at, ended_at, meetings) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT(source, started_at) DO UPDATE SET ended_at = excluded.ended_at, meetings = meetings + excluded.meetings")
            insert.bind(1, source)
            insert.bind(2, from)
            insert.bind(3, to)
            insert.bind(4, queued)
            try insert.run()
            return LiveSourceGap(source: source, from: from, to: to, meetings: queued)
        }
    }

    /// The recorded gaps of `source` that end at or after `since`, oldest first.
    public func liveSourceGaps(source: String, since: UnixSeconds = 0) throws -> [LiveSourceGap] {
        let query = try statement(
            "SELECT started_at, ended_at, meetings FROM live_source_gaps WHERE source = ? AND ended_at >= ? ORDER BY started_at")
        defer { query.reset() }
        query.bind(1, source)
        query.bind(2, since)
        var gaps: [LiveSourceGap] = []
        while try query.step() {
            gaps.append(LiveSourceGap(source: source, from: query.int64(0), to: query.int64(1), meetings: Int(query.int64(2))))
        }
        return gaps
    }
}

extension ZoomDashStore {
    /// Per source: the gaps ending at or after `since`, their seconds, and when the last one ended.
    public func liveSourceGapTotals(since: UnixSeconds) throws -> [String: (gaps: Int, seconds: Int64, lastEnd: UnixSeconds)] {
        let query = try statement(
            "SELECT source, COUNT(*), sum(ended_at - started_at), max(ended_at) FROM live_source_gaps WHERE ended_at >= ? GROUP BY source")
        defer { query.reset() }
        query.bind(1, since)
        var totals: [String: (gaps: Int, seconds: Int64, lastEnd: UnixSeconds)] = [:]
        while try query.step() { totals[query.text(0)] = (Int(query.int64(1)), query.int64(2), query.int64(3)) }
        return totals
    }
}

extension ZoomDashStore {
    /// One gap a meeting's data was filled in across: the gap's interval (Unix seconds; its minutes are
    /// the ones the live source missed), and whether the REST API's record of the meeting has since
    /// replaced what the source had delivered.
    public struct GapFill: Sendable, Equatable {
        public var source: String
        public var from: UnixSeconds
        public var to: UnixSeconds
        public var filledFromREST: Bool
    }

    /// The gaps each of `meetings` was caught in, oldest first (meetings never caught in one are absent).
    public func gapFills(meetings: [String]) throws -> [String: [GapFill]] {
        guard !meetings.isEmpty else { return [:] }
        let query = try statement(
            """
            SELECT m.meeting_uuid, g.source, g.started_at, g.ended_at,
                   coalesce((SELECT participants_fetched_at >= g.ended_at FROM meetings WHERE uuid = m.meeting_uuid), 0)
            FROM live_source_gap_meetings m JOIN live_source_gaps g ON g.source = m.source AND g.started_at = m.started_at
            WHERE m.meeting_uuid = ? ORDER BY g.started_at
            """)
        defer { query.reset() }
        var fills: [String: [GapFill]] = [:]
        for uuid in Set(meetings) {
            query.reset()
            query.bind(1, uuid)
            while try query.step() {
                fills[uuid, default: []].append(GapFill(source: query.text(1), from: query.int64(2), to: query.int64(3), filledFromREST: query.int64(4) == 1))
            }
        }
        return fills
    }
}
