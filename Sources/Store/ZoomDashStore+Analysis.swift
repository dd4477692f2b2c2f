import ZoomDashCore

extension ZoomDashStore {
    /// What the analysis of each meeting needs: its sessions and its end time. One call for many
    /// meetings, so an analysis costs the store few turns.
    public func analysisInputs(meetingUUIDs: [String]) throws
        -> [(meetingUUID: String, sessions: [ParticipantSession], end: UnixSeconds?)]
    {
        try meetingUUIDs.map { uuid in (uuid, try sessions(meetingUUID: uuid), try meeting(uuid: uuid)?.endTime) }
    }

    /// Replaces the derived rows of the given meetings with fresh results.
    /// - Returns: whether their meeting-level incidents changed (only then can account-level ones).
    @discardableResult
    public func replaceAnalysis(meetingUUIDs: [String], disconnections: [Disconnection], incidents: [Incident]) throws -> Bool {
        try transaction {
            let deleteDisconnections = try statement("DELETE FROM disconnections WHERE meeting_uuid = ?")
            let deleteIncidents = try statement("DELETE FROM incidents WHERE scope = 'meeting' AND meeting_uuid = ?")
            let before = try meetingIncidents(of: meetingUUIDs)
            for uuid in meetingUUIDs {
                deleteDisconnections.bind(1, uuid)
                try deleteDisconnections.run()
                deleteIncidents.bind(1, uuid)
                try deleteIncidents.run()
            }
            try insertWithoutTransaction(disconnections)
            try insertWithoutTransaction(incidents)
            return Set(before) != Set(incidents.filter { $0.scope == .meeting })
        }
    }

    private func meetingIncidents(of meetingUUIDs: [String]) throws -> [Incident] {
        let query = try statement(
            "SELECT start, \"end\", dropped, present, meetings FROM incidents WHERE scope = 'meeting' AND meeting_uuid = ?")
        defer { query.reset() }
        var result: [Incident] = []
        for uuid in meetingUUIDs {
            query.bind(1, uuid)
            while try query.step() {
                result.append(
                    Incident(
                        scope: .meeting, meetingUUID: uuid, start: query.int64(0), end: query.int64(1),
                        dropped: Int(query.int64(2)), present: Int(query.int64(3)), meetings: Int(query.int64(4))))
            }
            query.reset()
        }
        return result
    }

    /// Replaces every account-level incident.
    public func replaceAccountIncidents(_ incidents: [Incident]) throws {
        try transaction {
            try connection.execute("DELETE FROM incidents WHERE scope = 'account'")
            try insertWithoutTransaction(incidents)
        }
    }

    public func meetingIncidents() throws -> [Incident] {
        let query = try statement(
            "SELECT scope, meeting_uuid, start, \"end\", dropped, present, meetings FROM incidents "
                + "WHERE scope = 'meeting' ORDER BY start")
        defer { query.reset() }
        var result: [Incident] = []
        while try query.step() {
            result.append(
                Incident(
                    scope: .meeting, meetingUUID: query.optionalText(1), start: query.int64(2), end: query.int64(3),
                    dropped: Int(query.int64(4)), present: Int(query.int64(5)), meetings: Int(query.int64(6))))
        }
        return result
    }

    /// End times of all meetings, for the time lost by people who never came back.
    public func meetingEndTimes() throws -> [String: UnixSeconds] {
        let query = try connection.prepare("SELECT uuid, end_time FROM meetings WHERE end_time IS NOT NULL")
        var result: [String: UnixSeconds] = [:]
        while try query.step() { result[query.text(0)] = query.int64(1) }
        return result
    }

    private func insertWithoutTransaction(_ disconnections: [Disconnection]) throws {
        let insert = try statement(
            """
            INSERT OR REPLACE INTO disconnections(meeting_uuid, participant_key, time, participant_name, reason_class,
                leave_reason, rejoined_after_s, lost_s, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for item in disconnections {
            insert.bind(1, item.meetingUUID)
            insert.bind(2, item.participantKey)
            insert.bind(3, item.time)
            insert.bind(4, item.participantName)
            insert.bind(5, item.reason.rawValue)
            insert.bind(6, item.leaveReason)
            insert.bind(7, item.rejoinedAfterSeconds)
            insert.bind(8, item.lostSeconds)
            insert.bind(9, item.source.rawValue)
            try insert.run()
        }
    }

    private func insertWithoutTransaction(_ incidents: [Incident]) throws {
        let insert = try statement(
            "INSERT INTO incidents(scope, meeting_uuid, start, \"end\", dropped, present, meetings) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")
        for item in incidents {
            insert.bind(1, item.scope.rawValue)
            insert.bind(2, item.meetingUUID)
            insert.bind(3, item.start)
            insert.bind(4, item.end)
            insert.bind(5, item.dropped)
            insert.bind(6, item.present)
            insert.bind(7, item.meetings)
            try insert.run()
        }
    }
}

extension ZoomDashStore {
    /// Recomputes every derived row in one transaction: the webhook-derived sessions from the raw
    /// events (as the live analysis builds them, `presenceMeetingIDs` being its watched rooms), then
    /// disconnections and incidents from all sessions, streaming one meeting at a time. Readers see
    /// the old results until it commits, and a failure leaves them untouched. Everything the live
    /// analysis still had due is covered, so its marks are cleared.
    public func reanalyseAll(thresholds: AnalysisThresholds, presenceMeetingIDs: [Int64] = []) throws -> AnalysisRunner.Summary {
        return try transaction {
            try rebuildAllWebhookSessionsWithoutTransaction(presenceMeetingIDs: presenceMeetingIDs)
            let ends = try meetingEndTimes()
            try connection.execute("DELETE FROM disconnections; DELETE FROM incidents; DELETE FROM analysis_due;")
            var analyzer = Analyzer(thresholds: thresholds)
            var summary = AnalysisRunner.Summary()
            var meetingIncidents: [Incident] = []
            try forEachMeetingSessions { uuid, sessions in
                let result = analyzer.analyse(meetingUUID: uuid, sessions: sessions, meetingEnd: ends[uuid])
                try insertWithoutTransaction(result.disconnections)
                try insertWithoutTransaction(result.incidents)
                summary.meetings += 1
                summary.sessions += sessions.count
                summary.disconnections += result.disconnections.count
                meetingIncidents += result.incidents
            }
            let account = analyzer.accountIncidents(from: meetingIncidents)
            try insertWithoutTransaction(account)
            summary.meetingIncidents = meetingIncidents.count
            summary.accountIncidents = account.count
            return summary
        }
    }
}
