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
    public func status() throws -> StoreStatus {
        func count(_ sql: String) throws -> Int { Int(try connection.scalarInt(sql)) }
        func grouped(_ sql: String) throws -> [String: Int] {
            let query = try connection.prepare(sql)
            var result: [String: Int] = [:]
            while try query.step() { result[query.text(0)] = Int(query.int64(1)) }
            return result
        }
        let range = try connection.prepare("SELECT min(start_time), max(start_time) FROM meetings")
        _ = try range.step()
        var status = StoreStatus(
            storePath: path, storeBytes: sizeOnDisk(), schemaVersion: try count("PRAGMA user_version"),
            meetings: try count("SELECT COUNT(*) FROM meetings"),
            monitoredMeetings: try count("SELECT COUNT(*) FROM meetings WHERE monitored = 1"),
            meetingsAwaitingParticipants: try count(
                "SELECT COUNT(*) FROM meetings WHERE monitored = 1 AND participants_fetched_at IS NULL"),
            participantSessions: try count("SELECT COUNT(*) FROM participant_sessions"),
            disconnectionsByReason: try grouped("SELECT reason_class, COUNT(*) FROM disconnections GROUP BY 1"),
            incidentsByScope: try grouped("SELECT scope, COUNT(*) FROM incidents GROUP BY 1"),
            minutesLost: try count("SELECT coalesce(sum(lost_s), 0) / 60 FROM disconnections"),
            firstMeeting: range.optionalInt64(0), lastMeeting: range.optionalInt64(1),
            collectors: try collectorStates(), sinks: try sinkStates(), analysisBacklog: try analysisBacklog().meetings)
        status.qualityMinutes = try count("SELECT coalesce(sum(participant_minutes), 0) FROM quality_meetings")
        status.poorMinutes = try count("SELECT coalesce(sum(poor_minutes), 0) FROM quality_meetings")
        status.qualityMeetings = try count("SELECT COUNT(*) FROM quality_meetings")
        status.qosBacklog = try qualityBacklog(since: Int64(Date().timeIntervalSince1970) - 30 * 86_400)
        let unavailable = try connection.prepare("SELECT updated_at FROM checkpoints WHERE key = 'qos.dashboard_unavailable'")
        if try unavailable.step() { status.qosUnavailableSince = unavailable.int64(0) }
        status.triggeredFetches = try count("SELECT COUNT(*) FROM triggered_fetches")
        status.sinkRows = try sinkRowCounts()
        return status
    }

    private func collectorStates() throws -> [StoreStatus.CollectorState] {
        let query = try connection.prepare(
            """
            SELECT r.collector, r.started_at, r.finished_at, r.result, r.rows, r.api_calls, r.error,
                   (SELECT max(finished_at) FROM collector_runs s WHERE s.collector = r.collector AND s.result = 'ok'),
                   (SELECT COUNT(*) FROM collector_runs s WHERE s.collector = r.collector),
                   (SELECT COUNT(*) FROM collector_runs s WHERE s.collector = r.collector AND s.result != 'ok')
            FROM collector_runs r
            WHERE r.id = (SELECT max(id) FROM collector_runs s WHERE s.collector = r.collector)
            ORDER BY r.collector
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
