import ZoomDashStorage

/// What one Zoho table holds, as the store's `sink_rows` remember it: a key and a content hash per
/// row (16 bytes), and a bit per row for "the store still has it", so what is left unclaimed after
/// a pass over the store's rows is what to delete. Read in key ranges, into an array of exactly
/// the right size (growing one by doubling would briefly take three times as much).
struct ZohoHeldRows {
    private var rows: [ZoomDashStore.SinkRowState] = []
    private var claimed: [UInt64] = []
    static let pageSize = 50_000

    var isEmpty: Bool { rows.isEmpty }
    var count: Int { rows.count }

    init() {}

    init(sink: String, table: String, store: ZoomDashStore, pageSize: Int = Self.pageSize) async throws {
        let total = try await store.sinkRowCount(sink: sink, table: table)
        rows.reserveCapacity(total)
        while true {
            let page = try await store.sinkRows(sink: sink, table: table, after: rows.last?.keyHash, limit: pageSize)
            rows += page
            if page.count < pageSize { break }
        }
        claimed = [UInt64](repeating: 0, count: (rows.count + 63) / 64)
    }

    /// The content hash held for `key`, marking the row as still in the store; `nil`: not held.
    mutating func claim(_ key: UInt64) -> UInt64? {
        // Binary search in the store's order (``ZoomDashStore/SinkRowState/precedes(_:_:)``).
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if ZoomDashStore.SinkRowState.precedes(rows[mid].keyHash, key) { low = mid + 1 } else { high = mid }
        }
        guard low < rows.count && rows[low].keyHash == key else { return nil }
        claimed[low / 64] |= 1 << UInt64(low % 64)
        return rows[low].rowHash
    }

    /// Keys held that no row claimed: gone from the store.
    var unclaimed: [UInt64] {
        rows.indices.filter { claimed[$0 / 64] & (1 << UInt64($0 % 64)) == 0 }.map { rows[$0].keyHash }
    }
}
