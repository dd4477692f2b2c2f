import ZoomDashCore

/// Fetches a `meeting.ended` webhook asks for: Zoom's participants and QoS of that meeting a few
/// minutes after it ended, instead of at the collectors' next timer. The queue is a table, written
/// in the webhook's own transaction, one row per meeting (a redelivered event changes nothing).
extension ZoomDashStore {
    func queueTriggeredFetchesWithoutTransaction(_ ended: [(uuid: String, time: UnixSeconds)]) throws {
        let insert = try statement(
            "INSERT INTO triggered_fetches(meeting_uuid, ended_at) SELECT uuid, ? FROM meetings WHERE uuid = ? AND monitored = 1 "
                + "ON CONFLICT(meeting_uuid) DO NOTHING")
        for meeting in ended {
            insert.bind(1, meeting.time)
            insert.bind(2, meeting.uuid)
            try insert.run()
        }
    }

    /// Meetings that ended at or before `endedBy`, oldest first.
    public func dueTriggeredFetches(endedBy: UnixSeconds, limit: Int = 100) throws -> [String] {
        let query = try statement("SELECT meeting_uuid FROM triggered_fetches WHERE ended_at <= ? ORDER BY ended_at, meeting_uuid LIMIT ?")
        defer { query.reset() }
        query.bind(1, endedBy)
        query.bind(2, limit)
        var result: [String] = []
        while try query.step() { result.append(query.text(0)) }
        return result
    }

    /// When the next queued fetch falls due, given the delay after a meeting's end.
    public func nextTriggeredFetch() throws -> UnixSeconds? {
        let query = try statement("SELECT min(ended_at) FROM triggered_fetches")
        defer { query.reset() }
        return try query.step() ? query.optionalInt64(0) : nil
    }

    public func triggeredFetchCount() throws -> Int {
        Int(try connection.scalarInt("SELECT COUNT(*) FROM triggered_fetches"))
    }

    public func clearTriggeredFetches(_ uuids: [String]) throws {
        let delete = try statement("DELETE FROM triggered_fetches WHERE meeting_uuid = ?")
        try transaction(keepsLiveMemory: true) {
            for uuid in uuids {
                delete.bind(1, uuid)
                try delete.run()
            }
        }
    }
}
