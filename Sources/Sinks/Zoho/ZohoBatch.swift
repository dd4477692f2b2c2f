import ZoomDashCore
import ZoomDashStorage

/// The rows of one import, rendered as they are added straight into the request body: a
/// `multipart/form-data` body whose one `FILE` part is the CSV (a row kept as cells until the
/// import took about 600 bytes; its line takes about 150). One buffer serves every import of a run:
/// a new multi-megabyte buffer per import leaves glibc's arenas fragmented (peak memory grew by
/// tens of megabytes over a million rows).
struct ZohoBatch {
    private(set) var body: [UInt8] = []
    private(set) var states: [ZoomDashStore.SinkRowState] = []
    /// Random, so no CSV line can hold it.
    let boundary = "zoomdash-\(UInt64.random(in: 0...UInt64.max))"
    private var headerCount = 0
    var count: Int { states.count }
    var isEmpty: Bool { states.isEmpty }

    init(table: ZohoTable) {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"FILE\"; filename=\"rows.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        ExportTable.appendCSVLine((["row_key"] + table.columns.map(\.name)).map(ExportTable.Value.text), to: &body)
        headerCount = body.count
    }

    /// `row_key` first, then the cells, exactly as ``ExportTable/csv()`` renders them.
    mutating func append(_ row: ZohoRow, contentHash: UInt64) {
        body.append(contentsOf: ZohoRow.keyText(row.keyHash).utf8)
        if !row.cells.isEmpty { body.append(UInt8(ascii: ",")) }
        ExportTable.appendCSVLine(row.cells, to: &body)
        states.append(.init(keyHash: row.keyHash, rowHash: contentHash))
    }

    /// The finished body and what to record once Zoho confirmed it (sharing the buffers: let the
    /// upload go before ``reset()``, or the reset copies them).
    mutating func finish() -> ZohoUpload {
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return ZohoUpload(body: body, boundary: boundary, states: states)
    }

    /// Empties it for the next import, keeping the header and the buffers.
    mutating func reset() {
        body.removeSubrange(headerCount...)
        states.removeAll(keepingCapacity: true)
    }
}

/// An import's `multipart/form-data` body, its boundary, and the rows it holds.
struct ZohoUpload: Sendable {
    let body: [UInt8]
    let boundary: String
    let states: [ZoomDashStore.SinkRowState]
    var count: Int { states.count }
}
