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

    /// Records `[from, to]` and queues the monitored meetings active in it (started by its end, not
    /// ended before its start; one open for more than a day is taken as ended without its webhook).
    /// A meeting still running is queued at `to`: the participants fetch of a meeting still running is
    /// retried by `meeting.ended`, which queues it again. One transaction.
    @discardableResult
    public func recordLiveSourceGap(source: String, from: UnixSeconds, to: UnixSeconds) throws -> LiveSourceGap {
        try transaction {
            let queue = try statement(
                """
                INSERT INTO triggered_fetches(meeting_uuid, ended_at)
                SELECT uuid, min(coalesce(end_time, ?1), ?1) FROM meetings
                WHERE monitored = 1 AND start_time <= ?1 AND (end_time IS NULL OR end_time >= ?2) AND start_time >= ?2 - 86400
                ON CONFLICT(meeting_uuid) DO NOTHING
                """)
            queue.bind(1, to)
            queue.bind(2, from)
            try queue.run()
            let queued = Int(connection.changes)
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
