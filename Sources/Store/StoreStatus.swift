import Foundation
import ZoomDashCore

/// What `zoomdashctl status` shows: totals, store size and each collector's latest run.
public struct StoreStatus: Sendable, Hashable, Codable {
    public struct CollectorState: Sendable, Hashable, Codable {
        public var collector: String
        public var lastRun: CollectorRun
        public var lastSuccessAt: UnixSeconds?
        public var runs: Int
        public var failedRuns: Int
    }

    public struct SinkState: Sendable, Hashable, Codable {
        public var sink: String
        public var lastRun: SinkRun
        public var lastSuccessAt: UnixSeconds?
        public var runs: Int
        public var failedRuns: Int
        /// For a notifier: outbox events it has not delivered yet.
        public var eventsWaiting: Int?
    }

    public var storePath: String
    public var storeBytes: Int64
    public var schemaVersion: Int
    public var meetings: Int
    public var monitoredMeetings: Int
    public var meetingsAwaitingParticipants: Int
    public var participantSessions: Int
    public var disconnectionsByReason: [String: Int]
    public var incidentsByScope: [String: Int]
    public var minutesLost: Int
    public var firstMeeting: UnixSeconds?
    public var lastMeeting: UnixSeconds?
    public var collectors: [CollectorState]
    public var sinks: [SinkState]
    /// Meetings with webhook events the live analysis has not taken in yet.
    public var analysisBacklog: Int
    /// Call quality: participant-minutes with QoS data, the poor ones, meetings with data.
    public var qualityMinutes = 0
    public var poorMinutes = 0
    public var qualityMeetings = 0
    /// Monitored meetings of the last 30 days whose QoS is not fetched yet.
    public var qosBacklog = 0
    /// When the QoS collector found the Dashboard API unavailable (it stays off until the config changes).
    public var qosUnavailableSince: UnixSeconds?
    /// `meeting.ended` webhooks whose participants and QoS fetch is queued.
    public var triggeredFetches = 0
    /// Rows each remote-table sink (Zoho) holds, per table.
    public var sinkRows: [String: [String: Int]] = [:]
}

extension ZoomDashStore {
    /// Totals, store size and each collector's and sink's latest run, as `zoomdashctl status` shows them.
    /// Without `tallies` (the dashboard's health page, called again and again) what only that command
    /// shows stays zero: meetings monitored and awaiting participants, minutes lost, call-quality
    /// minutes and the rows each remote-table sink holds, each a pass over a table that grows with the
    /// months. Sessions, disconnections and incidents are kept counts (row_counts), read either way.
    public func status(tallies: Bool = true) throws -> StoreStatus {
        func count(_ sql: String) throws -> Int { Int(try connection.scalarInt(sql)) }
        func kept(_ kind: String) throws -> [String: Int] {
            let query = try statement("SELECT a, sum(n) FROM row_counts WHERE kind = ? GROUP BY a HAVING sum(n) > 0")
            defer { query.reset() }
            query.bind(1, kind)
            var result: [String: Int] = [:]
            while try query.step() { result[query.text(0)] = Int(query.int64(1)) }
            return result
        }
        // Two seeks of the start index: min and max in one SELECT read all of it (22 ms for 180,000 meetings).
        let range = try connection.prepare("SELECT (SELECT min(start_time) FROM meetings), (SELECT max(start_time) FROM meetings)")
        _ = try range.step()
        var status = StoreStatus(
            storePath: path, storeBytes: sizeOnDisk(), schemaVersion: try count("PRAGMA user_version"),
            meetings: try count("SELECT COUNT(*) FROM meetings"),
            monitoredMeetings: tallies ? try count("SELECT COUNT(*) FROM meetings WHERE monitored = 1") : 0,
            meetingsAwaitingParticipants: tallies
                ? try count("SELECT COUNT(*) FROM meetings WHERE monitored = 1 AND participants_fetched_at IS NULL") : 0,
            participantSessions: try participantSessionCount(),
            disconnectionsByReason: try kept("disconnections"),
            incidentsByScope: try kept("incidents"),
            minutesLost: tallies ? try count("SELECT coalesce(sum(lost_s), 0) / 60 FROM disconnections") : 0,
            firstMeeting: range.optionalInt64(0), lastMeeting: range.optionalInt64(1),
            collectors: try collectorStates(), sinks: try sinkStates(), analysisBacklog: try analysisBacklog().meetings)
        if tallies {
            let quality = try connection.prepare(
                "SELECT COUNT(*), coalesce(sum(participant_minutes), 0), coalesce(sum(poor_minutes), 0) FROM quality_meetings")
            _ = try quality.step()
            (status.qualityMeetings, status.qualityMinutes, status.poorMinutes) =
                (Int(quality.int64(0)), Int(quality.int64(1)), Int(quality.int64(2)))
            status.sinkRows = try sinkRowCounts()
        }
        status.qosBacklog = try qualityBacklog(since: Int64(Date().timeIntervalSince1970) - 30 * 86_400)
        let unavailable = try connection.prepare("SELECT updated_at FROM checkpoints WHERE key = 'qos.dashboard_unavailable'")
        if try unavailable.step() { status.qosUnavailableSince = unavailable.int64(0) }
        status.triggeredFetches = try count("SELECT COUNT(*) FROM triggered_fetches")
        return status
    }

    private func collectorStates() throws -> [StoreStatus.CollectorState] {
        // From the kept counts (schema 10) and the index: the same per-run subqueries over six months of
        // runs every 15 minutes (17,000 a collector) took 41 s, each run's row asking for its collector's newest.
        let query = try connection.prepare(
            """
            SELECT r.collector, r.started_at, r.finished_at, r.result, r.rows, r.api_calls, r.error,
                   (SELECT s.finished_at FROM collector_runs s WHERE s.collector = c.name AND s.result = 'ok'
                    ORDER BY s.finished_at DESC LIMIT 1),
                   c.runs, c.failed
            FROM (SELECT a AS name, sum(n) AS runs, sum(CASE WHEN b != 'ok' THEN n ELSE 0 END) AS failed
                  FROM row_counts WHERE kind = 'collector_runs' GROUP BY a HAVING sum(n) > 0) c
            JOIN collector_runs r ON r.id = (SELECT max(s.id) FROM collector_runs s WHERE s.collector = c.name)
            ORDER BY c.name
            """)
        var result: [StoreStatus.CollectorState] = []
        while try query.step() {
            let run = CollectorRun(
                collector: query.text(0), startedAt: query.int64(1), finishedAt: query.int64(2),
                result: CollectorRun.Result(rawValue: query.text(3)) ?? .error, rows: Int(query.int64(4)),
                apiCalls: Int(query.int64(5)), error: query.optionalText(6))
            result.append(
                StoreStatus.CollectorState(
                    collector: run.collector, lastRun: run, lastSuccessAt: query.optionalInt64(7),
                    runs: Int(query.int64(8)), failedRuns: Int(query.int64(9))))
        }
        return result
    }
}
