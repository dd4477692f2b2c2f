import Foundation
import ZoomDashCore

extension ZoomDashStore {
    /// What ``analyseMeetings(_:rooms:thresholds:now:)`` did.
    public struct MeetingsAnalysed: Sendable, Hashable {
        public var meetings = 0
        public var sessions = 0
        public var disconnections = 0
        public var meetingIncidents = 0
        /// Whether any meeting-level incident was opened, updated or withdrawn.
        public var incidentsChanged = false
    }

    /// Re-derives the given meetings in one transaction: rebuilds the webhook sessions of those the
    /// live view covers (monitored, or a watched room in `rooms`, without Zoom's own record yet),
    /// analyses each from all its sessions, keeps incident ids (``IncidentMatcher``, events to the
    /// outbox), and clears their `analysis_due` marks. One transaction, so nothing (a webhook commit,
    /// Zoom's record arriving through the collector) can land between reading a meeting and storing
    /// what was derived from it. A meeting met again in this process reads only its new events and
    /// compares with what it wrote last time (``LiveAnalysisMemory``); an ended one is then forgotten.
    public func analyseMeetings(_ uuids: [String], rooms: Set<String> = [], thresholds: AnalysisThresholds, now: UnixSeconds) throws
        -> MeetingsAnalysed
    {
        try transaction(keepsLiveMemory: true) {
            try forgetLiveMemoryIfOthersWrote()
            var result = MeetingsAnalysed()
            var rebuilt: [String: [ParticipantSession]] = [:]
            for (uuid, events) in try participantEvents(meetingUUIDs: uuids, alsoInclude: rooms, remembering: true) {
                rebuilt[uuid] = WebhookSessionBuilder.sessions(meetingUUID: uuid, events: events)
            }
            // What was just written is what the analysis would read back.
            var stored: [String: [ParticipantSession]] = [:]
            _ = try replaceWebhookSessionsWithoutTransaction(rebuilt, storedAfter: &stored, remembering: true)
            var analyzer = Analyzer(thresholds: thresholds)
            var incidents: [Incident] = []
            let account = (try storedIncidents(scope: .account, evidence: false)[""] ?? []).map(\.incident)
            for uuid in uuids {
                let sessions = try stored[uuid] ?? sessionsForAnalysis(meetingUUID: uuid)
                let end = try meeting(uuid: uuid)?.endTime
                let analysis = analyzer.analyse(
                    meetingUUID: uuid, sessions: sessions, meetingEnd: end,
                    quality: try qualityTimelines(meetingUUID: uuid), alerts: try meetingAlerts(meetingUUID: uuid), accountIncidents: account)
                let usage = UsageBucket.of(sessions: sessions, disconnections: analysis.disconnections, meetingEnd: end, now: now)
                try storeLiveDerivedRowsWithoutTransaction(
                    meetingUUID: uuid, DerivedMeetingRows(disconnections: analysis.disconnections, usage: usage))
                if end != nil { liveMemory.forget(uuid) }
                result.meetings += 1
                result.sessions += sessions.count
                result.disconnections += analysis.disconnections.count
                incidents += analysis.incidents
            }
            result.meetingIncidents = incidents.count
            result.incidentsChanged = try replaceIncidentsWithoutTransaction(meetingUUIDs: uuids, incidents: incidents, now: now)
            let clear = try statement("DELETE FROM analysis_due WHERE meeting_uuid = ?")
            for uuid in uuids {
                clear.bind(1, uuid)
                try clear.run()
            }
            return result
        }
    }

    /// Brings the given meetings' stored incidents to fresh results. Incidents keep their ids where
    /// ``IncidentMatcher`` finds them again; what changed goes to the outbox. Inside a transaction.
    /// - Returns: whether their meeting-level incidents changed (only then can account-level ones).
    private func replaceIncidentsWithoutTransaction(meetingUUIDs: [String], incidents: [Incident], now: UnixSeconds) throws -> Bool {
        let stored = try storedIncidents(scope: .meeting, meetingUUIDs: meetingUUIDs)
        let derived = Dictionary(grouping: incidents.filter { $0.scope == .meeting }) { $0.meetingUUID ?? "" }
        var changed = false
        for uuid in meetingUUIDs {
            if try applyIncidentChanges(stored: stored[uuid] ?? [], derived: derived[uuid] ?? [], now: now) { changed = true }
        }
        return changed
    }

    /// Stored incidents of one scope with their ids, by meeting (`""` for account scope); all
    /// meetings when `meetingUUIDs` is nil.
    /// - Parameter evidence: `false` leaves the evidence out but its `qualityCause` (decoding it costs
    ///   more than the rest of the row; the account-level refresh reads every meeting incident).
    func storedIncidents(scope: Incident.Scope, meetingUUIDs: [String]? = nil, evidence: Bool = true) throws -> [String: [IdentifiedIncident]] {
        let columns = "id, meeting_uuid, start, \"end\", dropped, present, meetings, cause, \(evidence ? "evidence" : "quality_cause")"
        let one = try statement("SELECT \(columns) FROM incidents WHERE scope = ? AND meeting_uuid = ?")
        // Account-level incidents have no meeting: `meeting_uuid IS NULL` lets the meeting index find
        // them without reading every meeting-level incident (the live analysis asks on each chunk).
        let all = try statement(
            "SELECT \(columns) FROM incidents WHERE scope = ?" + (scope == .account ? " AND meeting_uuid IS NULL" : ""))
        var result: [String: [IdentifiedIncident]] = [:]
        func read(_ query: SQLiteStatement) throws {
            defer { query.reset() }
            while try query.step() {
                let incident = Incident(
                    scope: scope, meetingUUID: query.optionalText(1), start: query.int64(2), end: query.int64(3),
                    dropped: Int(query.int64(4)), present: Int(query.int64(5)), meetings: Int(query.int64(6)),
                    cause: IncidentCause(rawValue: query.text(7)) ?? .unknown,
                    evidence: evidence ? Self.evidence(query.text(8)) : IncidentEvidence(qualityCause: IncidentCause(rawValue: query.text(8)) ?? .unknown))
                result[incident.meetingUUID ?? "", default: []].append(IdentifiedIncident(id: query.int64(0), incident: incident))
            }
        }
        if let meetingUUIDs {
            for uuid in meetingUUIDs {
                one.bind(1, scope.rawValue)
                one.bind(2, uuid)
                try read(one)
            }
        } else {
            all.bind(1, scope.rawValue)
            try read(all)
        }
        return result
    }

    /// Brings one group of stored incidents (one meeting's, or the account's) to what the analysis
    /// derived, keeping identities, and writes the outbox events. Inside a transaction.
    /// - Returns: whether anything changed.
    func applyIncidentChanges(stored: [IdentifiedIncident], derived: [Incident], now: UnixSeconds) throws -> Bool {
        let insert = try statement(
            """
            INSERT INTO incidents(scope, meeting_uuid, start, "end", dropped, present, meetings, cause, evidence, quality_cause)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let update = try statement(
            """
            UPDATE incidents SET start = ?, "end" = ?, dropped = ?, present = ?, meetings = ?, cause = ?, evidence = ?, quality_cause = ?
            WHERE id = ?
            """)
        let delete = try statement("DELETE FROM incidents WHERE id = ?")
        var changed = false
        for change in IncidentMatcher.changes(stored: stored, derived: derived) {
            switch change {
            case .unchanged: continue
            case .opened(let incident):
                bindIncident(insert, incident, from: 1)
                insert.bind(10, incident.evidence.qualityCause.rawValue)
                try insert.run()
                try appendToOutbox(IncidentEvent(kind: .opened, time: now, incidentID: connection.lastInsertRowID, incident: incident))
            case .updated(let id, let from, let to):
                update.bind(1, to.start)
                update.bind(2, to.end)
                update.bind(3, to.dropped)
                update.bind(4, to.present)
                update.bind(5, to.meetings)
                update.bind(6, to.cause.rawValue)
                update.bind(7, Self.evidenceText(to.evidence))
                update.bind(8, to.evidence.qualityCause.rawValue)
                update.bind(9, id)
                try update.run()
                try appendToOutbox(IncidentEvent(kind: .updated, time: now, incidentID: id, incident: to, previous: from))
            case .withdrawn(let id, let last):
                delete.bind(1, id)
                try delete.run()
                try appendToOutbox(IncidentEvent(kind: .withdrawn, time: now, incidentID: id, incident: last))
            }
            changed = true
        }
        return changed
    }

    private func bindIncident(_ statement: SQLiteStatement, _ incident: Incident, from first: Int32) {
        statement.bind(first, incident.scope.rawValue)
        statement.bind(first + 1, incident.meetingUUID)
        statement.bind(first + 2, incident.start)
        statement.bind(first + 3, incident.end)
        statement.bind(first + 4, incident.dropped)
        statement.bind(first + 5, incident.present)
        statement.bind(first + 6, incident.meetings)
        statement.bind(first + 7, incident.cause.rawValue)
        statement.bind(first + 8, Self.evidenceText(incident.evidence))
    }

    static func evidenceText(_ evidence: IncidentEvidence) -> String { IncidentEvidenceCodec.encode(evidence) }

    /// Rows written before call quality existed hold `{}`: no evidence.
    static func evidence(_ text: String) -> IncidentEvidence { IncidentEvidenceCodec.decode(text) ?? IncidentEvidence() }

    private func appendToOutbox(_ event: IncidentEvent) throws {
        let insert = try statement(
            """
            INSERT INTO outbox(kind, time, incident_id, scope, meeting_uuid, start, "end", dropped, present, meetings,
                cause, evidence, previous_start, previous_end, previous_dropped, previous_present, previous_meetings)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insert.bind(1, event.kind.rawValue)
        insert.bind(2, event.time)
        insert.bind(3, event.incidentID)
        bindIncident(insert, event.incident, from: 4)
        insert.bind(13, event.previous?.start)
        insert.bind(14, event.previous?.end)
        insert.bind(15, event.previous?.dropped)
        insert.bind(16, event.previous?.present)
        insert.bind(17, event.previous?.meetings)
        try insert.run()
    }

    /// Re-derives the account-level incidents from the stored meeting-level ones, in one transaction
    /// (two refreshes at once, from the daemon and a backfill, cannot interleave a stale view).
    /// - Returns: how many there are, and whether any was opened, updated or withdrawn.
    @discardableResult
    public func refreshAccountIncidents(thresholds: AnalysisThresholds, now: UnixSeconds) throws -> (count: Int, changed: Bool) {
        try transaction(keepsLiveMemory: true) {
            let analyzer = Analyzer(thresholds: thresholds)
            let all = try meetingIncidentsForClustering()
            // Only the members of an account-level incident need their evidence, for its own.
            let account = try IncidentDetector(thresholds: thresholds).accountIncidents(from: all.map(\.incident)).map { incident in
                let members = all.filter { analyzer.attribution.isMember($0.incident, of: incident) }
                return analyzer.attribution.explain(account: incident, members: try incidentsWithEvidence(ids: members.map(\.id)))
            }
            let changed = try applyIncidentChanges(stored: try storedIncidents(scope: .account)[""] ?? [], derived: account, now: now)
            try applyFinalCauses(all, account: account, analyzer: analyzer, now: now)
            return (account.count, changed)
        }
    }

    /// A meeting incident that joined or left an account-level incident takes the cause that gives.
    /// Written without an outbox event: the account-level incident's own event tells the story, and
    /// a notification per member meeting right after its "opened" would only repeat it.
    func applyFinalCauses(_ stored: [IdentifiedIncident], account: [Incident], analyzer: Analyzer, now: UnixSeconds) throws {
        let update = try statement("UPDATE incidents SET cause = ? WHERE id = ?")
        do {
            for item in stored {
                let cause = analyzer.attribution.finalCause(of: item.incident, accountIncidents: account)
                guard cause != item.incident.cause else { continue }
                update.bind(1, cause.rawValue)
                update.bind(2, item.id)
                try update.run()
            }
        }
    }

    /// Every meeting-level incident in start order, without evidence but its `qualityCause`: what the
    /// account-level refresh clusters (it runs after every live pass that changed an incident, so it
    /// reads one array, not a dictionary of decoded rows).
    func meetingIncidentsForClustering() throws -> [IdentifiedIncident] {
        let query = try statement(
            "SELECT id, meeting_uuid, start, \"end\", dropped, present, cause, quality_cause FROM incidents WHERE scope = 'meeting' ORDER BY start")
        defer { query.reset() }
        var result: [IdentifiedIncident] = []
        while try query.step() {
            let incident = Incident(
                scope: .meeting, meetingUUID: query.optionalText(1), start: query.int64(2), end: query.int64(3),
                dropped: Int(query.int64(4)), present: Int(query.int64(5)), meetings: 1,
                cause: IncidentCause(rawValue: query.text(6)) ?? .unknown,
                evidence: IncidentEvidence(qualityCause: IncidentCause(rawValue: query.text(7)) ?? .unknown))
            result.append(IdentifiedIncident(id: query.int64(0), incident: incident))
        }
        return result
    }

    /// The meeting-level incidents with these ids, with their evidence.
    func incidentsWithEvidence(ids: [Int64]) throws -> [Incident] {
        let query = try statement("SELECT meeting_uuid, start, \"end\", dropped, present, meetings, cause, evidence FROM incidents WHERE id = ?")
        var result: [Incident] = []
        for id in ids {
            query.bind(1, id)
            defer { query.reset() }
            guard try query.step() else { continue }
            result.append(
                Incident(
                    scope: .meeting, meetingUUID: query.optionalText(0), start: query.int64(1), end: query.int64(2),
                    dropped: Int(query.int64(3)), present: Int(query.int64(4)), meetings: Int(query.int64(5)),
                    cause: IncidentCause(rawValue: query.text(6)) ?? .unknown, evidence: Self.evidence(query.text(7))))
        }
        return result
    }

    public func meetingIncidents() throws -> [Incident] {
        try storedIncidents(scope: .meeting).values.flatMap { $0.map(\.incident) }.sorted { $0.start < $1.start }
    }

    /// End times of all meetings, for the time lost by people who never came back.
    public func meetingEndTimes() throws -> [String: UnixSeconds] {
        let query = try connection.prepare("SELECT uuid, end_time FROM meetings WHERE end_time IS NOT NULL")
        var result: [String: UnixSeconds] = [:]
        while try query.step() { result[query.text(0)] = query.int64(1) }
        return result
    }

    /// Bulk insert of derived disconnections, without analysis (the sinks' benchmark fills a store so).
    public func insertDisconnections(_ disconnections: [Disconnection]) throws {
        try transaction { try insertWithoutTransaction(disconnections) }
    }

    func insertWithoutTransaction(_ disconnections: [Disconnection]) throws {
        let insert = try statement(
            """
            INSERT OR REPLACE INTO disconnections(meeting_uuid, participant_key, time, participant_name, reason_class,
                leave_reason, rejoined_after_s, lost_s, source, quality_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
            insert.bind(10, item.qualityBefore.rawValue)
            try insert.run()
        }
    }

}
