import ZoomDashCore

extension ZoomDashStore {
    /// What a daily digest tells of `[from, to)`: the monitored classes that began, their
    /// disconnections, and the incidents that began (account incidents always; class incidents of
    /// monitored classes), counted by scope and cause. The same rows as the exports, fewer columns.
    public func digestFacts(from: UnixSeconds, to: UnixSeconds) throws -> DigestFacts {
        let classes = try statement("SELECT COUNT(*) FROM meetings WHERE monitored = 1 AND start_time >= ? AND start_time < ?")
        let drops = try statement(
            """
            SELECT m.topic, d.meeting_uuid, d.participant_key, d.participant_name, d.lost_s
            FROM disconnections d JOIN meetings m ON m.uuid = d.meeting_uuid
            WHERE m.monitored = 1 AND d.time >= ? AND d.time < ? ORDER BY d.time
            """)
        let incidents = try statement(
            """
            SELECT i.scope, i.cause, COUNT(*) FROM incidents i LEFT JOIN meetings m ON m.uuid = i.meeting_uuid
            WHERE i.start >= ? AND i.start < ? AND (i.scope = 'account' OR m.monitored = 1) GROUP BY 1, 2
            """)
        defer {
            classes.reset()
            drops.reset()
            incidents.reset()
        }
        var facts = DigestFacts()
        for query in [classes, drops, incidents] {
            query.bind(1, from)
            query.bind(2, to)
        }
        if try classes.step() { facts.classes = Int(classes.int64(0)) }
        while try drops.step() {
            facts.drops.append(
                DigestFacts.Drop(
                    topic: drops.text(0), meetingUUID: drops.text(1), participantKey: drops.text(2), participantName: drops.text(3),
                    lostSeconds: drops.int64(4)))
        }
        while try incidents.step() {
            facts.incidents.append(
                DigestFacts.Incidents(
                    scope: Incident.Scope(rawValue: incidents.text(0)) ?? .meeting, cause: IncidentCause(rawValue: incidents.text(1)) ?? .unknown,
                    count: Int(incidents.int64(2))))
        }
        return facts
    }
}
