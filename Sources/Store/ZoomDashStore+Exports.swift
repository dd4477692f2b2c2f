import ZoomDashCore

extension ZoomDashStore {
    /// Disconnections with their meeting's id and topic, ordered by time; bounds are optional.
    public func disconnectionRecords(from: UnixSeconds? = nil, to: UnixSeconds? = nil) throws -> [DisconnectionRecord] {
        let query = try statement(
            """
            SELECT d.meeting_uuid, m.meeting_id, m.topic, d.participant_key, d.participant_name, d.time,
                   d.reason_class, d.leave_reason, d.rejoined_after_s, d.source, d.lost_s, d.quality_before
            FROM disconnections d LEFT JOIN meetings m ON m.uuid = d.meeting_uuid
            WHERE d.time >= ? AND d.time < ?
            ORDER BY d.time, d.meeting_uuid, d.participant_key
            """)
        defer { query.reset() }
        query.bind(1, from ?? .min)
        query.bind(2, to ?? .max)
        var result: [DisconnectionRecord] = []
        while try query.step() {
            result.append(Self.disconnectionRecord(query))
        }
        return result
    }

    /// Incidents of both scopes ordered by start; bounds apply to the start time.
    public func incidentRecords(from: UnixSeconds? = nil, to: UnixSeconds? = nil) throws -> [IncidentRecord] {
        let query = try statement(
            """
            SELECT i.scope, i.meeting_uuid, m.meeting_id, m.topic, i.start, i."end", i.dropped, i.present, i.meetings, i.id, i.cause, i.evidence
            FROM incidents i LEFT JOIN meetings m ON m.uuid = i.meeting_uuid
            WHERE i.start >= ? AND i.start < ?
            ORDER BY i.start, i.scope = 'account' DESC, i.meeting_uuid
            """)
        defer { query.reset() }
        query.bind(1, from ?? .min)
        query.bind(2, to ?? .max)
        var result: [IncidentRecord] = []
        while try query.step() {
            let scope = Incident.Scope(rawValue: query.text(0)) ?? .meeting
            var record = IncidentRecord(
                id: query.int64(9), scope: scope, meetingUUID: query.optionalText(1), meetingID: query.optionalInt64(2),
                topic: query.optionalText(3), start: query.int64(4), end: query.int64(5),
                dropped: Int(query.int64(6)), present: Int(query.int64(7)),
                meetings: scope == .account ? Int(query.int64(8)) : nil)
            record.cause = IncidentCause(rawValue: query.text(10)) ?? .unknown
            record.evidence = Self.evidence(query.text(11))
            result.append(record)
        }
        return result
    }

    /// Meetings with QoS data that started in the bounds, ordered by start.
    public func qualityRecords(from: UnixSeconds? = nil, to: UnixSeconds? = nil) throws -> [QualityRecord] {
        let query = try statement(
            """
            SELECT q.meeting_uuid, m.meeting_id, m.topic, m.start_time, q.participant_minutes, q.poor_minutes, q.worst_cause
            FROM quality_meetings q LEFT JOIN meetings m ON m.uuid = q.meeting_uuid
            WHERE coalesce(m.start_time, 0) >= ? AND coalesce(m.start_time, 0) < ?
            ORDER BY m.start_time, q.meeting_uuid
            """)
        defer { query.reset() }
        query.bind(1, from ?? .min)
        query.bind(2, to ?? .max)
        var result: [QualityRecord] = []
        while try query.step() {
            result.append(
                QualityRecord(
                    meetingUUID: query.text(0), meetingID: query.optionalInt64(1), topic: query.optionalText(2), start: query.optionalInt64(3),
                    participantMinutes: Int(query.int64(4)), poorMinutes: Int(query.int64(5)), worstCause: query.optionalText(6)))
        }
        return result
    }

    /// Raw samples of the meetings that started in the bounds, streamed meeting by meeting.
    public func forEachQualitySamples(from: UnixSeconds? = nil, to: UnixSeconds? = nil, _ body: ([QualitySample], [String: String]) throws -> Void)
        throws
    {
        let meetings = try statement(
            """
            SELECT DISTINCT s.meeting_uuid, coalesce(m.start_time, 0) AS start FROM qos_series s LEFT JOIN meetings m ON m.uuid = s.meeting_uuid
            WHERE start >= ? AND start < ? ORDER BY start, s.meeting_uuid
            """)
        meetings.bind(1, from ?? .min)
        meetings.bind(2, to ?? .max)
        var uuids: [String] = []
        while try meetings.step() { uuids.append(meetings.text(0)) }
        meetings.reset()
        let names = try statement("SELECT participant_key, min(name) FROM participant_sessions WHERE meeting_uuid = ? GROUP BY participant_key")
        for uuid in uuids {
            names.bind(1, uuid)
            var byKey: [String: String] = [:]
            while try names.step() { byKey[names.text(0)] = names.text(1) }
            names.reset()
            try body(try qualitySamples(meetingUUID: uuid), byKey)
        }
    }

    public func alertRecords(from: UnixSeconds? = nil, to: UnixSeconds? = nil) throws -> [AlertRecord] {
        let query = try statement(
            """
            SELECT a.meeting_uuid, m.meeting_id, m.topic, a.time, a.issue, a.text
            FROM meeting_alerts a LEFT JOIN meetings m ON m.uuid = a.meeting_uuid
            WHERE a.time >= ? AND a.time < ? ORDER BY a.time, a.meeting_uuid
            """)
        defer { query.reset() }
        query.bind(1, from ?? .min)
        query.bind(2, to ?? .max)
        var result: [AlertRecord] = []
        while try query.step() {
            result.append(
                AlertRecord(
                    alert: MeetingAlert(meetingUUID: query.text(0), time: query.int64(3), issue: query.text(4), text: query.text(5)),
                    meetingID: query.optionalInt64(1), topic: query.optionalText(2)))
        }
        return result
    }

    /// A page of disconnections in key order, after `after` (exclusive): for uploads of any size in
    /// bounded memory.
    public func disconnectionRecords(after: DisconnectionRecord.Key?, limit: Int) throws -> [DisconnectionRecord] {
        let query = try statement(
            """
            SELECT d.meeting_uuid, m.meeting_id, m.topic, d.participant_key, d.participant_name, d.time,
                   d.reason_class, d.leave_reason, d.rejoined_after_s, d.source, d.lost_s, d.quality_before
            FROM disconnections d LEFT JOIN meetings m ON m.uuid = d.meeting_uuid
            WHERE (d.meeting_uuid, d.participant_key, d.time) > (?, ?, ?)
            ORDER BY d.meeting_uuid, d.participant_key, d.time LIMIT ?
            """)
        defer { query.reset() }
        query.bind(1, after?.meetingUUID ?? "")
        query.bind(2, after?.participantKey ?? "")
        query.bind(3, after?.time ?? .min)
        query.bind(4, limit)
        var result: [DisconnectionRecord] = []
        while try query.step() {
            result.append(Self.disconnectionRecord(query))
        }
        return result
    }

    /// Per UTC day and meeting topic: meetings, disconnections by reason, minutes lost, meeting
    /// incidents (the chart a school draws first: drops per class per day).
    public func dailyTopicRecords() throws -> [DailyTopicRecord] {
        let query = try statement(
            """
            SELECT day, topic, COUNT(*), sum(drops), sum(network), sum(client), sum(lost), sum(incidents) FROM (
                SELECT (m.start_time / 86400) * 86400 AS day, m.topic AS topic,
                       (SELECT COUNT(*) FROM disconnections d WHERE d.meeting_uuid = m.uuid) AS drops,
                       (SELECT COUNT(*) FROM disconnections d WHERE d.meeting_uuid = m.uuid AND d.reason_class = 'network') AS network,
                       (SELECT COUNT(*) FROM disconnections d WHERE d.meeting_uuid = m.uuid AND d.reason_class = 'client') AS client,
                       (SELECT coalesce(sum(lost_s), 0) FROM disconnections d WHERE d.meeting_uuid = m.uuid) AS lost,
                       (SELECT COUNT(*) FROM incidents i WHERE i.meeting_uuid = m.uuid) AS incidents
                FROM meetings m WHERE m.monitored = 1
            ) GROUP BY day, topic ORDER BY day, topic
            """)
        defer { query.reset() }
        var result: [DailyTopicRecord] = []
        while try query.step() {
            result.append(
                DailyTopicRecord(
                    day: query.int64(0), topic: query.text(1), meetings: Int(query.int64(2)), disconnections: Int(query.int64(3)),
                    network: Int(query.int64(4)), client: Int(query.int64(5)), lostSeconds: query.int64(6), incidents: Int(query.int64(7))))
        }
        return result
    }

    /// A row of the disconnections-with-meeting query the exports share.
    static func disconnectionRecord(_ query: SQLiteStatement) -> DisconnectionRecord {
        var record = DisconnectionRecord(
            meetingUUID: query.text(0), meetingID: query.optionalInt64(1), topic: query.optionalText(2),
            participantKey: query.text(3), participantName: query.text(4), time: query.int64(5),
            reasonClass: query.text(6), leaveReason: query.optionalText(7),
            rejoinedAfterSeconds: query.optionalInt64(8), source: query.text(9), lostSeconds: query.int64(10))
        record.qualityBefore = QualityBefore(rawValue: query.text(11)) ?? .unknown
        return record
    }
}
