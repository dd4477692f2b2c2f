import ZoomDashCore

/// The rows a remote-table sink holds (``Schema`` 7): a 64-bit key hash per row and a hash of what
/// was sent, so the sink diffs instead of re-uploading.
extension ZoomDashStore {
    public struct SinkRowState: Sendable, Hashable {
        public var keyHash: UInt64
        public var rowHash: UInt64

        public init(keyHash: UInt64, rowHash: UInt64) {
            self.keyHash = keyHash
            self.rowHash = rowHash
        }

        /// The order ``ZoomDashStore/sinkRows(sink:table:after:limit:)`` returns.
        public static func precedes(_ a: UInt64, _ b: UInt64) -> Bool { Int64(bitPattern: a) < Int64(bitPattern: b) }
    }

    /// What `sink` holds of `table` after the key hash `after` (exclusive; `nil`: from the start), at
    /// most `limit` rows, ordered by the key hash's bit pattern as a signed integer (SQLite's order;
    /// ``SinkRowState/precedes(_:_:)`` compares the same way, for a binary search). Read in such key
    /// ranges, a million rows never hold this actor (and the webhook commits behind it) for long.
    public func sinkRows(sink: String, table: String, after: UInt64?, limit: Int) throws -> [SinkRowState] {
        // An inclusive lower bound, so the first page can start at the smallest key there is.
        let start = after.map { Int64(bitPattern: $0) } ?? .min
        if after != nil && start == .max { return [] }
        let query = try statement(
            "SELECT key_hash, row_hash FROM sink_rows WHERE sink = ? AND table_name = ? AND key_hash >= ? ORDER BY key_hash LIMIT ?")
        defer { query.reset() }
        query.bind(1, sink)
        query.bind(2, table)
        query.bind(3, after == nil ? start : start + 1)
        query.bind(4, limit)
        var result: [SinkRowState] = []
        result.reserveCapacity(limit)
        while try query.step() {
            result.append(SinkRowState(keyHash: UInt64(bitPattern: query.int64(0)), rowHash: UInt64(bitPattern: query.int64(1))))
        }
        return result
    }

    /// How many rows `sink` holds of `table`.
    public func sinkRowCount(sink: String, table: String) throws -> Int {
        let query = try statement("SELECT COUNT(*) FROM sink_rows WHERE sink = ? AND table_name = ?")
        defer { query.reset() }
        query.bind(1, sink)
        query.bind(2, table)
        return try query.step() ? Int(query.int64(0)) : 0
    }

    /// Records, in one transaction, rows the remote table now holds and rows it no longer holds.
    public func recordSinkRows(sink: String, table: String, stored: [SinkRowState], deleted: [UInt64]) throws {
        let upsert = try statement(
            "INSERT INTO sink_rows(sink, table_name, key_hash, row_hash) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT(sink, table_name, key_hash) DO UPDATE SET row_hash = excluded.row_hash")
        let delete = try statement("DELETE FROM sink_rows WHERE sink = ? AND table_name = ? AND key_hash = ?")
        try transaction(keepsLiveMemory: true) {
            for row in stored {
                upsert.bind(1, sink)
                upsert.bind(2, table)
                upsert.bind(3, Int64(bitPattern: row.keyHash))
                upsert.bind(4, Int64(bitPattern: row.rowHash))
                try upsert.run()
            }
            for key in deleted {
                delete.bind(1, sink)
                delete.bind(2, table)
                delete.bind(3, Int64(bitPattern: key))
                try delete.run()
            }
        }
    }

    /// Forgets what `sink` holds of `table` (the remote table was deleted or replaced).
    public func forgetSinkRows(sink: String, table: String) throws {
        let delete = try statement("DELETE FROM sink_rows WHERE sink = ? AND table_name = ?")
        delete.bind(1, sink)
        delete.bind(2, table)
        try delete.run()
    }

    /// Rows held per sink and table (of one sink, or of all), for `zoomdashctl status` and `/metrics`.
    public func sinkRowCounts(sink: String? = nil) throws -> [String: [String: Int]] {
        // One sink's through the primary key, not a scan of every sink's rows.
        let query = try statement("SELECT sink, table_name, COUNT(*) FROM sink_rows \(sink == nil ? "" : "WHERE sink = ?") GROUP BY 1, 2")
        defer { query.reset() }
        if let sink { query.bind(1, sink) }
        var result: [String: [String: Int]] = [:]
        while try query.step() { result[query.text(0), default: [:]][query.text(1)] = Int(query.int64(2)) }
        return result
    }
}
