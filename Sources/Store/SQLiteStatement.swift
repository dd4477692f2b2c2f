import CZDSQLite

/// A prepared statement. Bind with 1-based indexes, read columns with 0-based ones (SQLite's own convention).
public final class SQLiteStatement {
    let handle: OpaquePointer
    private let connection: SQLiteConnection
    private let sql: String

    init(handle: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    public func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    public func bind(_ index: Int32, _ value: Int?) {
        bind(index, value.map(Int64.init))
    }

    public func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    public func bind(_ index: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            let pointer = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            _ = zd_sqlite3_bind_text_transient(
                handle, index, pointer.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
    }

    /// Binds bytes as TEXT exactly as they are (SQLite does not check UTF-8): a webhook body is kept
    /// as the bytes Zoom signed, even when they are not valid UTF-8.
    public func bind(_ index: Int32, textBytes value: [UInt8]) {
        value.withUnsafeBytes { bytes in
            let pointer = UnsafeRawPointer(bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
            _ = zd_sqlite3_bind_text_transient(handle, index, pointer.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
    }

    public func bind(_ index: Int32, blob value: [UInt8]) {
        value.withUnsafeBytes { bytes in
            let pointer = UnsafeRawPointer(bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
            _ = zd_sqlite3_bind_blob_transient(handle, index, pointer, Int32(bytes.count))
        }
    }

    /// The column's bytes, valid only inside `body` (no copy).
    public func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws(StoreError) -> T) throws(StoreError) -> T {
        let count = Int(sqlite3_column_bytes(handle, column))
        let pointer = sqlite3_column_blob(handle, column)
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    public func bind(_ index: Int32, _ value: Bool?) {
        bind(index, value.map { $0 ? Int64(1) : 0 })
    }

    /// Steps once. `true` when a row is available, `false` when the statement is done.
    @discardableResult
    public func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw .sqlite(code: rc, message: connection.lastErrorMessage, sql: sql)
        }
    }

    /// Steps to completion and resets, ready for the next set of bindings.
    public func run() throws(StoreError) {
        defer { reset() }
        while try step() {}
    }

    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    /// NULL reads as 0, so only a 0 asks for the type: one call a column instead of two.
    public func optionalInt64(_ column: Int32) -> Int64? {
        let value = int64(column)
        return value == 0 && isNull(column) ? nil : value
    }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    public func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Only a null pointer (NULL, an empty blob, no memory) asks for the type: one call fewer a value.
    public func optionalText(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return isNull(column) ? nil : "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}
