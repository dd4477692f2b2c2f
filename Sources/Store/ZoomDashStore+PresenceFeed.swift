import ZoomDashCore

/// The presence feed's source: the join and leave webhook events of the watched rooms, in the
/// order they were stored (their id is the feed's cursor).
extension ZoomDashStore {
    /// Joins and leaves in the rooms `meetingIDs` stored after event `id`, oldest first.
    public func presenceChanges(after id: Int64, meetingIDs: [Int64], limit: Int) throws -> [PresenceChange] {
        guard !meetingIDs.isEmpty else { return [] }
        let query = try statement(
            "SELECT \(Self.presenceColumns) FROM webhook_events WHERE \(Self.joinsAndLeaves) AND id > ? "
                + "AND meeting_id IN (\(meetingIDs.map(String.init).joined(separator: ","))) ORDER BY id LIMIT ?")
        defer { query.reset() }
        query.bind(1, id)
        query.bind(2, limit)
        return try Self.presenceChanges(query)
    }

    /// Every join and leave of one meeting instance up to event `id`: who is in the room then.
    public func presenceChanges(meetingUUID: String, through id: Int64) throws -> [PresenceChange] {
        let query = try statement(
            "SELECT \(Self.presenceColumns) FROM webhook_events WHERE \(Self.joinsAndLeaves) AND meeting_uuid = ? AND id <= ? ORDER BY id")
        defer { query.reset() }
        query.bind(1, meetingUUID)
        query.bind(2, id)
        return try Self.presenceChanges(query)
    }

    /// The newest stored webhook event: where a new feed starts (a room's history is not posted).
    public func latestWebhookEventID() throws -> Int64 {
        try connection.scalarInt("SELECT coalesce(max(id), 0) FROM webhook_events")
    }

    static let presenceColumns = "id, coalesce(meeting_id, 0), meeting_uuid, participant_key, participant_name, participant_email, event, event_time"
    static let joinsAndLeaves = "event IN ('meeting.participant_joined', 'meeting.participant_left')"

    private static func presenceChanges(_ query: SQLiteStatement) throws -> [PresenceChange] {
        var changes: [PresenceChange] = []
        while try query.step() {
            changes.append(
                PresenceChange(
                    id: query.int64(0), meetingID: query.int64(1), meetingUUID: query.text(2), participantKey: query.text(3),
                    name: query.text(4), email: query.text(5), joined: query.text(6) == WebhookRecord.Kind.participantJoined.rawValue,
                    time: query.int64(7)))
        }
        return changes
    }
}
