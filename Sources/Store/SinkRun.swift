import ZoomDashCore

/// One finished run of a sink: an exporter's publish or a notifier's delivery.
public struct SinkRun: Sendable, Hashable, Codable {
    public enum Result: String, Sendable, Codable {
        case ok
        /// Published, with problems (rows Zoho refused, say).
        case partial
        case error
    }

    public var sink: String
    public var startedAt: UnixSeconds
    public var finishedAt: UnixSeconds
    public var result: Result
    /// Rows published, or events delivered.
    public var rows: Int
    public var error: String?

    public init(sink: String, startedAt: UnixSeconds, finishedAt: UnixSeconds, result: Result, rows: Int, error: String?) {
        self.sink = sink
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.result = result
        self.rows = rows
        self.error = error
    }
}

extension ZoomDashStore {
    public func recordSinkRun(_ run: SinkRun) throws {
        let insert = try statement(
            "INSERT INTO sink_runs(sink, started_at, finished_at, result, rows, error) VALUES (?, ?, ?, ?, ?, ?)")
        insert.bind(1, run.sink)
        insert.bind(2, run.startedAt)
        insert.bind(3, run.finishedAt)
        insert.bind(4, run.result.rawValue)
        insert.bind(5, run.rows)
        insert.bind(6, run.error)
        try insert.run()
    }

    /// Each sink's latest run, with its last success and counts, by sink name.
    func sinkStates() throws -> [StoreStatus.SinkState] {
        // From the kept counts (schema 10) and the index, as for collectors: subqueries per run took 92 s
        // over three sinks' six months of runs every 15 minutes.
        let query = try connection.prepare(
            """
            SELECT r.sink, r.started_at, r.finished_at, r.result, r.rows, r.error,
                   (SELECT s.finished_at FROM sink_runs s WHERE s.sink = k.name AND s.result = 'ok' ORDER BY s.finished_at DESC LIMIT 1),
                   k.runs, k.failed,
                   (SELECT delivered_up_to FROM notifier_cursors c WHERE c.name = r.sink)
            FROM (SELECT a AS name, sum(n) AS runs, sum(CASE WHEN b != 'ok' THEN n ELSE 0 END) AS failed
                  FROM row_counts WHERE kind = 'sink_runs' GROUP BY a HAVING sum(n) > 0) k
            JOIN sink_runs r ON r.id = (SELECT max(s.id) FROM sink_runs s WHERE s.sink = k.name)
            ORDER BY k.name
            """)
        let newest = try connection.scalarInt("SELECT coalesce(max(id), 0) FROM outbox")
        var result: [StoreStatus.SinkState] = []
        while try query.step() {
            let run = SinkRun(
                sink: query.text(0), startedAt: query.int64(1), finishedAt: query.int64(2),
                result: SinkRun.Result(rawValue: query.text(3)) ?? .error, rows: Int(query.int64(4)), error: query.optionalText(5))
            result.append(
                StoreStatus.SinkState(
                    sink: run.sink, lastRun: run, lastSuccessAt: query.optionalInt64(6), runs: Int(query.int64(7)),
                    failedRuns: Int(query.int64(8)), eventsWaiting: query.optionalInt64(9).map { Int(newest - $0) }))
        }
        return result
    }
}
