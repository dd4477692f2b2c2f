import ZoomDashCore

extension ZoomDashStore {
    /// Disconnections with their meeting's id and topic, ordered by time; bounds are optional.
    public func disconnectionRecords(from: UnixSeconds? = nil, to: UnixSeconds? = nil) throws -> [DisconnectionRecord] {
        let query = try statement(
            """
            SELECT d.meeting_uuid, m.meeting_id, m.topic, d.participant_key, d.participant_name, d.time,
                   d.reason_class, d.leave_reason, d.rejoined_after_s, d.source, d.lost_s
            FROM disconnections d LEFT JOIN meetings m ON m.uuid = d.meeting_uuid
            WHERE d.time >= ? AND d.time < ?
            ORDER BY d.time, d.meeting_uuid, d.participant_key
            """)
        defer { query.reset() }
        query.bind(1, from ?? .min)
        query.bind(2, to ?? .max)
        var result: [DisconnectionRecord] = []
        while try query.step() {
            result.append(
                DisconnectionRecord(
                    meetingUUID: query.text(0), meetingID: query.optionalInt64(1), topic: query.optionalText(2),
                    participantKey: query.text(3), participantName: query.text(4), time: query.int64(5),
                    reasonClass: query.text(6), leaveReason: query.optionalText(7),
                    rejoinedAfterSeconds: query.optionalInt64(8), source: query.text(9), lostSeconds: query.int64(10)))
        }
        return result
    }

    /// Incidents of both scopes ordered by start; bounds apply to the start time.
    public func incidentRecords(from: UnixSeconds? = nil, to: UnixSeconds? = nil) throws -> [IncidentRecord] {
        let query = try statement(
            """
            SELECT i.scope, i.meeting_uuid, m.meeting_id, m.topic, i.start, i."end", i.dropped, i.present, i.meetings, i.id
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
            result.append(
                IncidentRecord(
                    id: query.int64(9), scope: scope, meetingUUID: query.optionalText(1), meetingID: query.optionalInt64(2),
                    topic: query.optionalText(3), start: query.int64(4), end: query.int64(5),
                    dropped: Int(query.int64(6)), present: Int(query.int64(7)),
                    meetings: scope == .account ? Int(query.int64(8)) : nil))
        }
        return result
    }
}
