import Foundation
import ZoomDashCore

/// What the QoS collector, `/metrics`, `zoomdashctl status` and the daily expiry ask of the stored
/// call quality.
extension ZoomDashStore {
    /// Monitored meetings that started in `[from, to)`, ended, had their participants fetched, and
    /// whose QoS was not fetched yet, oldest first: the QoS collector's work, after the participants'.
    public func meetingsAwaitingQuality(from: UnixSeconds, to: UnixSeconds, only: [String]? = nil) throws -> [MeetingInstance] {
        let query = try statement(
            "SELECT \(Self.meetingColumns) FROM meetings WHERE monitored = 1 AND end_time IS NOT NULL "
                + "AND participants_fetched_at IS NOT NULL AND qos_fetched_at IS NULL AND start_time >= ? AND start_time < ? "
                + "ORDER BY start_time, uuid")
        defer { query.reset() }
        query.bind(1, from)
        query.bind(2, to)
        var result: [MeetingInstance] = []
        let wanted = only.map(Set.init)
        while try query.step() {
            let meeting = Self.meeting(from: query)
            if wanted?.contains(meeting.uuid) ?? true { result.append(meeting) }
        }
        return result
    }

    /// Monitored meetings in progress (started in `[from, now)`, no end yet) whose live QoS was last
    /// fetched before `fetchedBefore` (or never).
    public func liveMeetingsForQuality(from: UnixSeconds, fetchedBefore: UnixSeconds) throws -> [MeetingInstance] {
        let query = try statement(
            "SELECT \(Self.meetingColumns) FROM meetings WHERE monitored = 1 AND end_time IS NULL AND start_time >= ? "
                + "AND coalesce(qos_live_fetched_at, 0) < ? ORDER BY coalesce(qos_live_fetched_at, 0), start_time")
        defer { query.reset() }
        query.bind(1, from)
        query.bind(2, fetchedBefore)
        var result: [MeetingInstance] = []
        while try query.step() { result.append(Self.meeting(from: query)) }
        return result
    }

    /// Meetings waiting for their QoS since `since`: how far behind the QoS collector is.
    public func qualityBacklog(since: UnixSeconds) throws -> Int {
        let query = try statement(
            "SELECT COUNT(*) FROM meetings WHERE monitored = 1 AND end_time IS NOT NULL AND participants_fetched_at IS NOT NULL "
                + "AND qos_fetched_at IS NULL AND start_time >= ?")
        defer { query.reset() }
        query.bind(1, since)
        return try query.step() ? Int(query.int64(0)) : 0
    }

    /// Deletes the raw samples of meetings that started before `cutoff`; their summaries and
    /// timelines stay. - Returns: samples deleted.
    @discardableResult
    public func pruneQualitySamples(startedBefore cutoff: UnixSeconds, now: UnixSeconds) throws -> Int {
        try transaction(keepsLiveMemory: true) {
            let old = "SELECT uuid FROM meetings WHERE start_time < ?"
            let delete = try statement("DELETE FROM qos_samples WHERE series IN (SELECT id FROM qos_series WHERE meeting_uuid IN (\(old)))")
            delete.bind(1, cutoff)
            try delete.run()
            let deleted = connection.changes
            let series = try statement("DELETE FROM qos_series WHERE meeting_uuid IN (\(old))")
            series.bind(1, cutoff)
            try series.run()
            let mark = try statement("UPDATE quality_meetings SET raw_pruned_at = ? WHERE raw_pruned_at IS NULL AND meeting_uuid IN (\(old))")
            mark.bind(1, now)
            mark.bind(2, cutoff)
            try mark.run()
            return deleted
        }
    }

    /// Participant-minutes with data, and the poor ones by cause (for `/metrics`).
    public func qualityMinuteTotals() throws -> (total: Int64, poor: [PoorCause: Int64]) {
        let query = try statement("SELECT kind, a, b, n FROM row_counts WHERE kind IN ('quality_minutes', 'quality_poor')")
        defer { query.reset() }
        var total: Int64 = 0
        var poor: [PoorCause: Int64] = [:]
        while try query.step() {
            if query.text(0) == "quality_minutes" {
                total += query.int64(3)
            } else if let cause = PoorCause("\(query.text(1)).\(query.text(2))") {
                poor[cause, default: 0] += query.int64(3)
            }
        }
        return (total, poor)
    }
}

/// Call quality as `/metrics` shows it.
public struct QualityTotals: Sendable, Hashable {
    public var participantMinutes: Int64 = 0
    public var poor: [PoorCause: Int64] = [:]
    public var backlogMeetings = 0
    /// `"scope|cause"` → incidents stored.
    public var incidentCauses: [String: Int] = [:]

    public init() {}
}

extension ZoomDashStore {
    /// Cheap (trigger-kept counts and one indexed count): the daemon reads it every 15 s.
    public func qualityTotals(now: UnixSeconds, backlogDays: Int64) throws -> QualityTotals {
        var totals = QualityTotals()
        (totals.participantMinutes, totals.poor) = try qualityMinuteTotals()
        totals.backlogMeetings = try qualityBacklog(since: now - backlogDays * 86_400)
        let query = try statement("SELECT a, b, n FROM row_counts WHERE kind = 'incident_causes'")
        defer { query.reset() }
        while try query.step() { totals.incidentCauses["\(query.text(0))|\(query.text(1))", default: 0] += Int(query.int64(2)) }
        return totals
    }
}

extension ZoomDashStore {
    /// Bytes on disk of the given tables and indexes (SQLite's `dbstat`), for the size benchmarks.
    public func tableBytes(_ names: [String]) throws -> Int64 {
        let list = names.map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: ", ")
        return try connection.scalarInt("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (\(list))")
    }
}
