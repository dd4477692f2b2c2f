import ZoomDashCore

/// What the dashboard's incident list filters by; `nil` is "any".
public struct IncidentFilter: Sendable, Hashable {
    public var from: UnixSeconds
    public var to: UnixSeconds
    public var scope: Incident.Scope?
    public var cause: IncidentCause?
    /// Case-insensitive parts of the topic and the host's email.
    public var topic: String?
    public var host: String?
    public var limit: Int

    public init(
        from: UnixSeconds, to: UnixSeconds, scope: Incident.Scope? = nil, cause: IncidentCause? = nil, topic: String? = nil,
        host: String? = nil, limit: Int = 1000
    ) {
        self.from = from
        self.to = to
        self.scope = scope
        self.cause = cause
        self.topic = topic
        self.host = host
        self.limit = limit
    }
}

/// One person's drops over a period (the dashboard's "people to follow up").
public struct PersonDrops: Sendable, Hashable {
    public var participantKey: String
    public var name: String
    public var drops: Int
    public var meetings: Int
    public var lostSeconds: Int64
    public var lastDrop: UnixSeconds
    public var poorBefore: Int
    public var topics: [String]
}

/// A meeting with people in it now.
public struct LiveMeeting: Sendable, Hashable {
    public var uuid: String
    public var meetingID: Int64
    public var topic: String
    public var start: UnixSeconds
    public var participants: Int
}

extension ZoomDashStore {
    /// Incidents matching `filter`, newest first, at most `filter.limit` (+1, so the caller can tell it was cut).
    public func incidentRecords(matching filter: IncidentFilter) throws -> [IncidentRecord] {
        var conditions = ["i.start >= ?1", "i.start < ?2"]
        if filter.scope != nil { conditions.append("i.scope = ?3") }
        if filter.cause != nil { conditions.append("i.cause = ?4") }
        if filter.topic != nil { conditions.append("instr(lower(m.topic), ?5) > 0") }
        if filter.host != nil { conditions.append("instr(lower(m.host_email), ?6) > 0") }
        let query = try connection.prepare(
            "\(Self.incidentColumns) WHERE \(conditions.joined(separator: " AND ")) ORDER BY i.start DESC, i.id DESC LIMIT ?7")
        query.bind(1, filter.from)
        query.bind(2, filter.to)
        if let scope = filter.scope { query.bind(3, scope.rawValue) }
        if let cause = filter.cause { query.bind(4, cause.rawValue) }
        if let topic = filter.topic { query.bind(5, topic.lowercased()) }
        if let host = filter.host { query.bind(6, host.lowercased()) }
        query.bind(7, filter.limit + 1)
        return try readIncidentRecords(query)
    }

    public func incidentRecord(id: Int64) throws -> IncidentRecord? {
        let query = try connection.prepare("\(Self.incidentColumns) WHERE i.id = ?")
        query.bind(1, id)
        return try readIncidentRecords(query).first
    }

    /// Incidents of one meeting, oldest first.
    public func incidentRecords(meetingUUID: String) throws -> [IncidentRecord] {
        let query = try connection.prepare("\(Self.incidentColumns) WHERE i.meeting_uuid = ? ORDER BY i.start")
        query.bind(1, meetingUUID)
        return try readIncidentRecords(query)
    }

    /// Account-level incidents ("Zoom bad moments") starting in `[from, to)`, oldest first.
    public func accountIncidentRecords(from: UnixSeconds, to: UnixSeconds) throws -> [IncidentRecord] {
        try incidentRecords(matching: IncidentFilter(from: from, to: to, scope: .account, limit: 100_000)).reversed()
    }

    /// What ``readIncidentRecords(_:)`` reads, in its order.
    static let incidentColumns = """
        SELECT i.scope, i.meeting_uuid, m.meeting_id, m.topic, i.start, i."end", i.dropped, i.present, i.meetings, i.id, i.cause,
               i.evidence, m.host_email
        FROM incidents i LEFT JOIN meetings m ON m.uuid = i.meeting_uuid
        """

    private func readIncidentRecords(_ query: SQLiteStatement) throws -> [IncidentRecord] {
        var result: [IncidentRecord] = []
        while try query.step() {
            let scope = Incident.Scope(rawValue: query.text(0)) ?? .meeting
            var record = IncidentRecord(
                id: query.int64(9), scope: scope, meetingUUID: query.optionalText(1), meetingID: query.optionalInt64(2),
                topic: query.optionalText(3), start: query.int64(4), end: query.int64(5), dropped: Int(query.int64(6)),
                present: Int(query.int64(7)), meetings: scope == .account ? Int(query.int64(8)) : nil)
            record.cause = IncidentCause(rawValue: query.text(10)) ?? .unknown
            record.evidence = Self.evidence(query.text(11))
            record.host = query.optionalText(12)
            result.append(record)
        }
        return result
    }

    /// Disconnections in `[from, to)`, newest first, optionally of one meeting and/or one person; at
    /// most `limit` (+1, so the caller can tell it was cut).
    public func disconnectionRecords(
        from: UnixSeconds, to: UnixSeconds, meetingUUID: String? = nil, participantKey: String? = nil, limit: Int
    ) throws -> [DisconnectionRecord] {
        var conditions = ["d.time >= ?1", "d.time < ?2"]
        if meetingUUID != nil { conditions.append("d.meeting_uuid = ?3") }
        if participantKey != nil { conditions.append("d.participant_key = ?4") }
        let query = try connection.prepare(
            """
            SELECT d.meeting_uuid, m.meeting_id, m.topic, d.participant_key, d.participant_name, d.time,
                   d.reason_class, d.leave_reason, d.rejoined_after_s, d.source, d.lost_s, d.quality_before
            FROM disconnections d LEFT JOIN meetings m ON m.uuid = d.meeting_uuid
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY d.time DESC, d.meeting_uuid, d.participant_key LIMIT ?5
            """)
        query.bind(1, from)
        query.bind(2, to)
        if let meetingUUID { query.bind(3, meetingUUID) }
        if let participantKey { query.bind(4, participantKey) }
        query.bind(5, limit + 1)
        var result: [DisconnectionRecord] = []
        while try query.step() { result.append(Self.disconnectionRecord(query)) }
        return result
    }

    /// People by drops in `[from, to)`, most first (ties: most time lost), at most `limit`.
    public func peopleByDrops(from: UnixSeconds, to: UnixSeconds, limit: Int) throws -> [PersonDrops] {
        // The ranking reads only the index that covers it (schema 9), not the 30,000 drops of a school's
        // month one by one with their meetings (250 ms); names and topics are looked up for the top only.
        let query = try connection.prepare(
            """
            WITH top AS (
                SELECT participant_key, COUNT(*) AS drops, COUNT(DISTINCT meeting_uuid) AS meetings, sum(lost_s) AS lost,
                       max(time) AS last, sum(quality_before = 'poor') AS poor
                FROM disconnections
                WHERE time >= ?1 AND time < ?2
                GROUP BY participant_key ORDER BY 2 DESC, 4 DESC, 1 LIMIT ?3)
            SELECT t.participant_key,
                   (SELECT max(d.participant_name) FROM disconnections d
                    WHERE d.participant_key = t.participant_key AND d.time >= ?1 AND d.time < ?2),
                   t.drops, t.meetings, t.lost, t.last, t.poor,
                   (SELECT group_concat(DISTINCT m.topic) FROM disconnections d JOIN meetings m ON m.uuid = d.meeting_uuid
                    WHERE d.participant_key = t.participant_key AND d.time >= ?1 AND d.time < ?2)
            FROM top t ORDER BY t.drops DESC, t.lost DESC, t.participant_key
            """)
        query.bind(1, from)
        query.bind(2, to)
        query.bind(3, limit)
        var result: [PersonDrops] = []
        while try query.step() {
            // group_concat's separator is a comma, which topics may hold: the list is only for display.
            let topics = query.optionalText(7).map { $0.split(separator: ",").map(String.init) } ?? []
            result.append(
                PersonDrops(
                    participantKey: query.text(0), name: query.text(1), drops: Int(query.int64(2)), meetings: Int(query.int64(3)),
                    lostSeconds: query.int64(4), lastDrop: query.int64(5), poorBefore: Int(query.int64(6)), topics: Array(topics.prefix(10))))
        }
        return result
    }

    /// Meetings with an open connection now (started within a day, not ended), most people first.
    public func liveMeetingList(now: UnixSeconds) throws -> [LiveMeeting] {
        let query = try connection.prepare(
            """
            SELECT m.uuid, m.meeting_id, m.topic, m.start_time, COUNT(DISTINCT s.participant_key)
            FROM participant_sessions s INDEXED BY sessions_open JOIN meetings m ON m.uuid = s.meeting_uuid
            WHERE s.leave_time IS NULL AND m.end_time IS NULL AND m.start_time > ?
            GROUP BY m.uuid ORDER BY 5 DESC, m.start_time
            """)
        query.bind(1, now - 86_400)
        var result: [LiveMeeting] = []
        while try query.step() {
            result.append(
                LiveMeeting(
                    uuid: query.text(0), meetingID: query.int64(1), topic: query.text(2), start: query.int64(3),
                    participants: Int(query.int64(4))))
        }
        return result
    }

    /// Disconnections since `since`, by reason class.
    public func dropsByReason(since: UnixSeconds) throws -> [String: Int] {
        let query = try connection.prepare("SELECT reason_class, COUNT(*) FROM disconnections WHERE time >= ? GROUP BY 1")
        query.bind(1, since)
        var result: [String: Int] = [:]
        while try query.step() { result[query.text(0)] = Int(query.int64(1)) }
        return result
    }

    /// The newest instance's topic of each meeting id.
    public func topics(meetingIDs: [Int64]) throws -> [Int64: String] {
        guard !meetingIDs.isEmpty else { return [:] }
        let query = try connection.prepare(
            "SELECT meeting_id, topic FROM meetings WHERE meeting_id IN (\(meetingIDs.map(String.init).joined(separator: ","))) ORDER BY start_time")
        var result: [Int64: String] = [:]
        while try query.step() { result[query.int64(0)] = query.text(1) }
        return result
    }

    /// One meeting's quality summary, if its QoS was fetched.
    public func qualityRecord(meetingUUID: String) throws -> QualityRecord? {
        let query = try connection.prepare(
            """
            SELECT q.meeting_uuid, m.meeting_id, m.topic, m.start_time, q.participant_minutes, q.poor_minutes, q.worst_cause
            FROM quality_meetings q LEFT JOIN meetings m ON m.uuid = q.meeting_uuid WHERE q.meeting_uuid = ?
            """)
        query.bind(1, meetingUUID)
        guard try query.step() else { return nil }
        return QualityRecord(
            meetingUUID: query.text(0), meetingID: query.optionalInt64(1), topic: query.optionalText(2), start: query.optionalInt64(3),
            participantMinutes: Int(query.int64(4)), poorMinutes: Int(query.int64(5)), worstCause: query.optionalText(6))
    }
}
