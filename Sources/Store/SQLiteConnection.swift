import CZDSQLite
import Foundation

/// A SQLite connection. Not thread-safe by design: it is owned by one actor (the store) or one
/// command, which confines it to one thread at a time; hence `@unchecked Sendable`.
public final class SQLiteConnection: @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String

    /// Process-wide settings SQLite takes only before its first connection.
    private static let configured: Void = { _ = zd_sqlite3_configure() }()

    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        Self.configured
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw .cannotOpen(path: path, reason: message)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        sqlite3_finalize(begin)
        sqlite3_finalize(commit)
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw .sqlite(code: rc, message: message, sql: sql)
        }
    }

    public func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw .sqlite(code: rc, message: lastErrorMessage, sql: sql)
        }
        return SQLiteStatement(handle: statement, connection: self, sql: sql)
    }

    /// Runs `body` in an IMMEDIATE transaction (the write lock is taken up front, so a concurrent
    /// writer waits on `busy_timeout` instead of failing half way). Rolls back when `body` throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try run(&begin, "BEGIN IMMEDIATE")
        do {
            let result = try body()
            try run(&commit, "COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// BEGIN and COMMIT, prepared once: a webhook commit round is small, so re-parsing them showed.
    private var begin: OpaquePointer?
    private var commit: OpaquePointer?

    private func run(_ statement: inout OpaquePointer?, _ sql: String) throws(StoreError) {
        if statement == nil {
            let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
            guard rc == SQLITE_OK else { throw .sqlite(code: rc, message: lastErrorMessage, sql: sql) }
        }
        let rc = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard rc == SQLITE_DONE else { throw .sqlite(code: rc, message: lastErrorMessage, sql: sql) }
    }

    public func scalarInt(_ sql: String) throws(StoreError) -> Int64 {
        let statement = try prepare(sql)
        guard try statement.step() else { return 0 }
        return statement.int64(0)
    }

    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether SQLite opened the main database read-only (it does so quietly when the file is not writable).
    public var isReadOnlyDatabase: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }
}
