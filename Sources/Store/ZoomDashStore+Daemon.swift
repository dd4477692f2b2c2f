import ZoomDashCore

/// Totals the daemon's counters start from, so they survive a restart.
public struct MetricTotals: Sendable, Hashable {
    /// Keyed by `reason_class` and `source`.
    public var disconnects: [Pair: Int] = [:]
    public var incidents: [String: Int] = [:]
    public var alerts: [String: Int] = [:]
    /// Keyed by collector and result.
    public var collectorRuns: [Pair: Int] = [:]
    public var lastSuccess: [String: UnixSeconds] = [:]
    /// Keyed by sink and result.
    public var sinkRuns: [Pair: Int] = [:]
    public var sinkLastSuccess: [String: UnixSeconds] = [:]
    /// Counters only the daemon knows (webhook requests, Zoom API requests), saved at shutdown.
    public var saved: [Pair: Int] = [:]
    public var lastWebhookEvent: UnixSeconds?

    public init() {}

    public struct Pair: Sendable, Hashable {
        public var first: String
        public var second: String
        public init(_ first: String, _ second: String) {
            self.first = first
            self.second = second
        }
    }
}

extension ZoomDashStore {
    /// Everything the counters start from when the daemon starts.
    public func metricTotals() throws -> MetricTotals {
        var totals = try analysisTotals()
        try forEachRow("SELECT collector, result, COUNT(*) FROM collector_runs GROUP BY 1, 2") {
            totals.collectorRuns[.init($0.text(0), $0.text(1))] = Int($0.int64(2))
        }
        try forEachRow("SELECT collector, max(finished_at) FROM collector_runs WHERE result = 'ok' GROUP BY 1") {
            totals.lastSuccess[$0.text(0)] = $0.int64(1)
        }
        try forEachRow("SELECT sink, result, COUNT(*) FROM sink_runs GROUP BY 1, 2") {
            totals.sinkRuns[.init($0.text(0), $0.text(1))] = Int($0.int64(2))
        }
        try forEachRow("SELECT sink, max(finished_at) FROM sink_runs WHERE result = 'ok' GROUP BY 1") {
            totals.sinkLastSuccess[$0.text(0)] = $0.int64(1)
        }
        try forEachRow("SELECT name, labels, value FROM metric_counters") {
            totals.saved[.init($0.text(0), $0.text(1))] = Int($0.int64(2))
        }
        return totals
    }

    /// The totals an analysis can change (disconnections, incidents, alerts, last webhook event), read
    /// in constant time: the live analysis asks after every pass.
    public func analysisTotals() throws -> MetricTotals {
        var totals = MetricTotals()
        // Kept by triggers (schema 3): a few rows, however long the history.
        try forEachRow("SELECT kind, a, b, n FROM row_counts WHERE n > 0") {
            let count = Int($0.int64(3))
            switch $0.text(0) {
            case "disconnections": totals.disconnects[.init($0.text(1), $0.text(2))] = count
            case "incidents": totals.incidents[$0.text(1)] = count
            case "meeting_alerts": totals.alerts[$0.text(1)] = count
            // Other kinds (incident causes, call-quality minutes, sessions) are no metric's totals.
            default: break
            }
        }
        // The newest row by rowid: O(1), where max(received_at) would scan every event on each analysis.
        try forEachRow("SELECT received_at FROM webhook_events ORDER BY id DESC LIMIT 1") { totals.lastWebhookEvent = $0.optionalInt64(0) }
        return totals
    }

    /// The result of each collector's latest run (`ok`, `failed`, …).
    public func lastRunResults() throws -> [String: String] {
        var result: [String: String] = [:]
        try forEachRow("SELECT collector, result FROM collector_runs WHERE id IN (SELECT max(id) FROM collector_runs GROUP BY collector)") {
            result[$0.text(0)] = $0.text(1)
        }
        return result
    }

    /// When each collector last succeeded (cheap: for health probes).
    public func lastSuccessfulRuns() throws -> [String: UnixSeconds] {
        var result: [String: UnixSeconds] = [:]
        try forEachRow("SELECT collector, max(finished_at) FROM collector_runs WHERE result = 'ok' GROUP BY 1") {
            result[$0.text(0)] = $0.int64(1)
        }
        return result
    }

    /// Saves counters that cannot be derived from stored rows (`name`, `labels` → value).
    public func saveCounters(_ counters: [MetricTotals.Pair: Int]) throws {
        let upsert = try statement(
            "INSERT INTO metric_counters(name, labels, value) VALUES (?, ?, ?) "
                + "ON CONFLICT(name, labels) DO UPDATE SET value = max(value, excluded.value)")
        try transaction(keepsLiveMemory: true) {
            for (key, value) in counters {
                upsert.bind(1, key.first)
                upsert.bind(2, key.second)
                upsert.bind(3, value)
                try upsert.run()
            }
        }
    }

    /// Meetings started (by webhook) and not ended, with their open participant connections.
    public func liveMeetings(now: UnixSeconds) throws -> (meetings: Int, participants: Int) {
        let meetings = try statement(
            "SELECT COUNT(*), coalesce(sum((SELECT COUNT(DISTINCT participant_key) FROM participant_sessions s "
                + "WHERE s.meeting_uuid = m.uuid AND s.leave_time IS NULL)), 0) FROM meetings m "
                + "WHERE m.end_time IS NULL AND m.start_time > ?")
        defer { meetings.reset() }
        meetings.bind(1, now - 86_400)
        _ = try meetings.step()
        return (Int(meetings.int64(0)), Int(meetings.int64(1)))
    }

    /// Everyone ever seen in the watched rooms (any instance of those meeting ids, however old), newest
    /// action first: in the room while a connection is open in a meeting that has not ended and started
    /// within a day of `now` (a lost `meeting.ended` must not keep anyone in forever); the
    /// latest join that was observed (nil if only leaves were); the latest leave, or the meeting's end
    /// for a connection that was open when it ended.
    public func presence(meetingIDs: [Int64], now: UnixSeconds) throws -> [PresenceEntry] {
        guard !meetingIDs.isEmpty else { return [] }
        let query = try connection.prepare(
            """
            SELECT meeting_id, name, in_room, last_join, last_left FROM (
                SELECT m.meeting_id, s.name, max(s.leave_time IS NULL AND m.end_time IS NULL AND m.start_time > ?) AS in_room,
                       max(CASE WHEN s.join_observed THEN s.join_time END) AS last_join,
                       max(coalesce(s.leave_time, m.end_time)) AS last_left
                FROM meetings m JOIN participant_sessions s ON s.meeting_uuid = m.uuid
                WHERE m.meeting_id IN (\(meetingIDs.map(String.init).joined(separator: ",")))
                GROUP BY m.meeting_id, lower(s.name))
            ORDER BY max(coalesce(last_join, 0), coalesce(last_left, 0)) DESC, lower(name)
            """)
        query.bind(1, now - 86_400)
        var entries: [PresenceEntry] = []
        while try query.step() {
            entries.append(
                PresenceEntry(
                    meetingID: query.int64(0), participantName: query.text(1), inRoom: query.int64(2) == 1,
                    lastJoin: query.optionalInt64(3), lastLeft: query.optionalInt64(4)))
        }
        return entries
    }

    /// Takes or renews the lease `name` for `holder` until `now + seconds`, unless another holder's
    /// lease is still valid. Lets the daemon and `zoomdashctl backfill` take turns on Zoom's budget.
    public func acquireLease(_ name: String, holder: String, now: UnixSeconds, seconds: Int64) throws -> Bool {
        let upsert = try statement(
            """
            INSERT INTO leases(name, holder, expires_at) VALUES (?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at <= ?
            """)
        upsert.bind(1, name)
        upsert.bind(2, holder)
        upsert.bind(3, now + seconds)
        upsert.bind(4, now)
        try upsert.run()
        return connection.changes > 0
    }

    public func releaseLease(_ name: String, holder: String) throws {
        let delete = try statement("DELETE FROM leases WHERE name = ? AND holder = ?")
        delete.bind(1, name)
        delete.bind(2, holder)
        try delete.run()
    }

    public func leaseHolder(_ name: String, now: UnixSeconds) throws -> String? {
        let query = try statement("SELECT holder FROM leases WHERE name = ? AND expires_at > ?")
        defer { query.reset() }
        query.bind(1, name)
        query.bind(2, now)
        return try query.step() ? query.text(0) : nil
    }

    private func forEachRow(_ sql: String, _ body: (SQLiteStatement) throws -> Void) throws {
        let query = try connection.prepare(sql)
        while try query.step() { try body(query) }
    }
}
