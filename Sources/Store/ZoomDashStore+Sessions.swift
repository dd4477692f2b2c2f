import ZoomDashCore

extension ZoomDashStore {
    static let insertSessionSQL = """
        INSERT INTO participant_sessions(meeting_uuid, participant_key, join_time, leave_time, name, email,
            leave_reason, connection_id, participant_uuid, zoom_user_id, registrant_id, status, network_type,
            data_center, device, location, breakout_room_id, failover, source, join_observed)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(meeting_uuid, participant_key, join_time) DO UPDATE SET
            leave_time = coalesce(excluded.leave_time, leave_time), name = excluded.name, email = excluded.email,
            leave_reason = coalesce(excluded.leave_reason, leave_reason), connection_id = excluded.connection_id,
            participant_uuid = excluded.participant_uuid, zoom_user_id = excluded.zoom_user_id,
            registrant_id = excluded.registrant_id, status = excluded.status, network_type = excluded.network_type,
            data_center = excluded.data_center, device = excluded.device, location = excluded.location,
            breakout_room_id = excluded.breakout_room_id, failover = excluded.failover, source = excluded.source,
            join_observed = excluded.join_observed
        """

    /// Stores all sessions of one meeting (replacing the webhook-derived ones, unless Zoom has none),
    /// marks its participants as fetched and the meeting as due for analysis, in one transaction: a
    /// run killed at any moment leaves the meeting either complete or untouched, and never unanalysed.
    /// - Returns: how many session rows were new (a re-fetch of the same data returns 0).
    @discardableResult
    public func storeParticipants(meetingUUID: String, sessions: [ParticipantSession], fetchedAt: UnixSeconds)
        throws -> Int
    {
        // The webhook sessions of `meetingUUID` are replaced: rows of another meeting must not slip in.
        if let stray = sessions.first(where: { $0.meetingUUID != meetingUUID }) {
            throw StoreError.inconsistentInput(
                "a participant session of meeting \(stray.meetingUUID) was handed over with meeting \(meetingUUID)")
        }
        let count = try statement("SELECT COUNT(*) FROM participant_sessions WHERE meeting_uuid = ?")
        let markFetched = try statement("UPDATE meetings SET participants_fetched_at = ? WHERE uuid = ?")
        // Zoom's own record replaces what webhooks told us live, so nothing is counted twice.
        let dropWebhookSessions = try statement("DELETE FROM participant_sessions WHERE meeting_uuid = ? AND source = 'webhook'")
        // Only this meeting's sessions change: the live analysis forgets it alone (it reads it whole next).
        return try transaction(keepsLiveMemory: true) {
            liveMemory.forget(meetingUUID)
            let before = try countSessions(count, meetingUUID)
            // Zoom keeping no record of a meeting that webhooks saw must not erase what they saw.
            if !sessions.isEmpty {
                dropWebhookSessions.bind(1, meetingUUID)
                try dropWebhookSessions.run()
            }
            try insertSessionsWithoutTransaction(sessions)
            markFetched.bind(1, fetchedAt)
            markFetched.bind(2, meetingUUID)
            try markFetched.run()
            try markAnalysisDueWithoutTransaction(meetingUUID: meetingUUID, now: fetchedAt)
            let added = try countSessions(count, meetingUUID) - before
            try adjustSessionCountWithoutTransaction(by: added)
            return max(0, added)
        }
    }

    /// Bulk insert (upsert) in one transaction; the path the benchmark measures.
    public func insertSessions(_ sessions: [ParticipantSession]) throws {
        try transaction {
            let meetings = Set(sessions.map(\.meetingUUID))
            let before = try sessionCount(meetingUUIDs: meetings)
            try insertSessionsWithoutTransaction(sessions)
            try adjustSessionCountWithoutTransaction(by: try sessionCount(meetingUUIDs: meetings) - before)
        }
    }

    /// How many sessions these meetings hold (a primary-key range each).
    func sessionCount(meetingUUIDs: some Sequence<String>) throws -> Int {
        let count = try statement("SELECT COUNT(*) FROM participant_sessions WHERE meeting_uuid = ?")
        var total = 0
        for uuid in meetingUUIDs { total += try countSessions(count, uuid) }
        return total
    }

    /// The number of participant connections in the store (schema 9 keeps it, so nothing counts 5 M rows).
    public func participantSessionCount() throws -> Int {
        let query = try statement("SELECT coalesce(sum(n), 0) FROM row_counts WHERE kind = 'participant_sessions'")
        defer { query.reset() }
        _ = try query.step()
        return Int(query.int64(0))
    }

    /// Every writer of `participant_sessions` adds what it changed here, in its own transaction (a trigger
    /// would cost each row a third more: the live analysis rewrites a meeting's sessions on every pass).
    func adjustSessionCountWithoutTransaction(by delta: Int) throws {
        guard delta != 0 else { return }
        let update = try statement("UPDATE row_counts SET n = n + ? WHERE kind = 'participant_sessions' AND a = '' AND b = ''")
        update.bind(1, delta)
        try update.run()
    }

    public func sessions(meetingUUID: String) throws -> [ParticipantSession] {
        let query = try statement(
            "SELECT \(Self.sessionColumns) FROM participant_sessions WHERE meeting_uuid = ? "
                + "ORDER BY participant_key, join_time")
        defer { query.reset() }
        query.bind(1, meetingUUID)
        var result: [ParticipantSession] = []
        while try query.step() { result.append(Self.session(from: query)) }
        return result
    }

    /// One meeting's sessions as the analysis needs them (``RawSessionBatch``: details left out), in key order.
    func sessionsForAnalysis(meetingUUID: String) throws -> [ParticipantSession] {
        let query = try statement(
            "SELECT \(RawSessionBatch.columns) FROM participant_sessions WHERE meeting_uuid = ? ORDER BY participant_key, join_time")
        defer { query.reset() }
        query.bind(1, meetingUUID)
        var batch = RawSessionBatch()
        while try query.step() { batch.append(query) }
        var result: [ParticipantSession] = []
        batch.forEachMeeting { _, sessions in result = sessions }
        return result
    }

    private func countSessions(_ count: SQLiteStatement, _ meetingUUID: String) throws -> Int {
        defer { count.reset() }
        count.bind(1, meetingUUID)
        _ = try count.step()
        return Int(count.int64(0))
    }

    func insertSessionsWithoutTransaction(_ sessions: [ParticipantSession]) throws {
        let insert = try statement(Self.insertSessionSQL)
        for session in sessions {
            Self.bind(session, to: insert)
            try insert.run()
        }
    }

    /// Gives stored sessions the values of `sessions` (matched on their key), every column.
    func updateSessionsWithoutTransaction(_ sessions: [ParticipantSession]) throws {
        guard !sessions.isEmpty else { return }
        // Numbered as in the insert, so one binding serves both.
        let update = try statement(
            """
            UPDATE participant_sessions SET leave_time = ?4, name = ?5, email = ?6, leave_reason = ?7, connection_id = ?8,
                participant_uuid = ?9, zoom_user_id = ?10, registrant_id = ?11, status = ?12, network_type = ?13,
                data_center = ?14, device = ?15, location = ?16, breakout_room_id = ?17, failover = ?18, source = ?19,
                join_observed = ?20
            WHERE meeting_uuid = ?1 AND participant_key = ?2 AND join_time = ?3
            """)
        for session in sessions {
            Self.bind(session, to: update)
            try update.run()
        }
    }

    /// A session's 20 columns, in `sessionColumns` order.
    private static func bind(_ session: ParticipantSession, to statement: SQLiteStatement) {
        let details = session.details
        statement.bind(1, session.meetingUUID)
        statement.bind(2, session.participantKey)
        statement.bind(3, session.joinTime)
        statement.bind(4, session.leaveTime)
        statement.bind(5, session.name)
        statement.bind(6, session.email)
        statement.bind(7, session.leaveReason)
        statement.bind(8, details.connectionID)
        statement.bind(9, details.participantUUID)
        statement.bind(10, details.zoomUserID)
        statement.bind(11, details.registrantID)
        statement.bind(12, details.status)
        statement.bind(13, details.networkType)
        statement.bind(14, details.dataCenter)
        statement.bind(15, details.device)
        statement.bind(16, details.location)
        statement.bind(17, details.breakoutRoomID)
        statement.bind(18, details.failover)
        statement.bind(19, session.source.rawValue)
        statement.bind(20, session.joinObserved)
    }

    static let sessionColumns = """
        meeting_uuid, participant_key, join_time, leave_time, name, email, leave_reason, connection_id,
        participant_uuid, zoom_user_id, registrant_id, status, network_type, data_center, device, location,
        breakout_room_id, failover, source, join_observed
        """

    static func session(from row: SQLiteStatement) -> ParticipantSession {
        var details = ParticipantSession.Details()
        details.connectionID = row.text(7)
        details.participantUUID = row.text(8)
        details.zoomUserID = row.text(9)
        details.registrantID = row.text(10)
        details.status = row.text(11)
        details.networkType = row.text(12)
        details.dataCenter = row.text(13)
        details.device = row.text(14)
        details.location = row.text(15)
        details.breakoutRoomID = row.text(16)
        details.failover = row.optionalInt64(17).map { $0 != 0 }
        return ParticipantSession(
            meetingUUID: row.text(0), participantKey: row.text(1), joinTime: row.int64(2),
            leaveTime: row.optionalInt64(3), name: row.text(4), email: row.text(5), leaveReason: row.optionalText(6),
            details: details, source: DataSource(rawValue: row.text(18)) ?? .dashboard, joinObserved: row.int64(19) != 0
        )
    }
}
