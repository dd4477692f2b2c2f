import ZoomDashCore

/// The outbox: incident changes, written by the analysis in its own transaction, read by each
/// notifier from its own cursor (at least once: a notifier that crashes after delivering and before
/// saving its cursor gets the same events again).
extension ZoomDashStore {
    /// Events after `id`, oldest first.
    public func outboxEvents(after id: Int64, limit: Int) throws -> [IncidentEvent] {
        let query = try statement(
            """
            SELECT id, kind, time, incident_id, scope, meeting_uuid, start, "end", dropped, present, meetings,
                   previous_start, previous_end, previous_dropped, previous_present, previous_meetings, cause, evidence
            FROM outbox WHERE id > ? ORDER BY id LIMIT ?
            """)
        defer { query.reset() }
        query.bind(1, id)
        query.bind(2, limit)
        var events: [IncidentEvent] = []
        while try query.step() {
            let scope = Incident.Scope(rawValue: query.text(4)) ?? .meeting
            let incident = Incident(
                scope: scope, meetingUUID: query.optionalText(5), start: query.int64(6), end: query.int64(7),
                dropped: Int(query.int64(8)), present: Int(query.int64(9)), meetings: Int(query.int64(10)),
                cause: IncidentCause(rawValue: query.text(16)) ?? .unknown, evidence: Self.evidence(query.text(17)))
            let previous = query.optionalInt64(11).map { start in
                Incident(
                    scope: scope, meetingUUID: incident.meetingUUID, start: start, end: query.int64(12),
                    dropped: Int(query.int64(13)), present: Int(query.int64(14)), meetings: Int(query.int64(15)))
            }
            events.append(
                IncidentEvent(
                    id: query.int64(0), kind: IncidentEvent.Kind(rawValue: query.text(1)) ?? .updated, time: query.int64(2),
                    incidentID: query.int64(3), incident: incident, previous: previous))
        }
        return events
    }

    /// The last event `notifier` has delivered. A notifier seen for the first time starts at the
    /// outbox's end: a chat channel added today is not sent the history.
    public func notifierCursor(_ notifier: String, now: UnixSeconds) throws -> Int64 {
        let read = try statement("SELECT delivered_up_to FROM notifier_cursors WHERE name = ?")
        defer { read.reset() }
        read.bind(1, notifier)
        if try read.step() { return read.int64(0) }
        let end = try connection.scalarInt("SELECT coalesce(max(id), 0) FROM outbox")
        try setNotifierCursor(notifier, to: end, now: now)
        return end
    }

    public func setNotifierCursor(_ notifier: String, to id: Int64, now: UnixSeconds) throws {
        let upsert = try statement(
            """
            INSERT INTO notifier_cursors(name, delivered_up_to, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET delivered_up_to = max(delivered_up_to, excluded.delivered_up_to), updated_at = excluded.updated_at
            """)
        upsert.bind(1, notifier)
        upsert.bind(2, id)
        upsert.bind(3, now)
        try upsert.run()
    }

    /// Deletes events older than `before` that every one of `notifiers` has delivered.
    /// - Returns: how many were deleted.
    @discardableResult
    public func pruneOutbox(before: UnixSeconds, notifiers: [String]) throws -> Int {
        var delivered = Int64.max
        for name in notifiers {
            let read = try statement("SELECT delivered_up_to FROM notifier_cursors WHERE name = ?")
            read.bind(1, name)
            delivered = min(delivered, try read.step() ? read.int64(0) : 0)
            read.reset()
        }
        let delete = try statement("DELETE FROM outbox WHERE time < ? AND id <= ?")
        delete.bind(1, before)
        delete.bind(2, delivered)
        try delete.run()
        return connection.changes
    }
}
