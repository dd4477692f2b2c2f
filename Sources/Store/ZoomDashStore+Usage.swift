import ZoomDashCore

extension ZoomDashStore {
    /// All meetings' use per quarter hour in `[from, to)`, oldest first; quarters without use are left out.
    public func usageTotals(from: UnixSeconds, to: UnixSeconds) throws -> [UsageBucket] {
        let query = try statement(
            "SELECT bucket, participant_s, sessions, drops, meetings FROM usage_totals WHERE bucket >= ? AND bucket < ? ORDER BY bucket")
        defer { query.reset() }
        query.bind(1, UsageBucket.floorDiv(from))
        query.bind(2, UsageBucket.floorDiv(to + UsageBucket.seconds - 1))
        var result: [UsageBucket] = []
        while try query.step() {
            let row = UsageBucket(
                bucket: query.int64(0), participantSeconds: query.int64(1), sessions: query.int64(2), drops: query.int64(3),
                meetings: query.int64(4))
            if row.participantSeconds != 0 || row.sessions != 0 || row.drops != 0 || row.meetings != 0 { result.append(row) }
        }
        return result
    }
}
