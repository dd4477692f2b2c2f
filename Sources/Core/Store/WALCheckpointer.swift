import CZDSQLite

/// Copies the write-ahead log into the database file from a connection and a thread of its own.
///
/// SQLite normally checkpoints inside the commit that crosses 1,000 WAL pages, so now and then one
/// webhook commit also copies megabytes and waits for an fsync: the worst stalls of the ingest path.
/// The daemon turns that off for its writer (``ZoomDashStore/setAutomaticWALCheckpoints(_:)``) and asks
/// this checkpointer instead, which never blocks the writer (`PASSIVE`: it copies what no reader
/// still needs, and the writer starts the log over once all of it is copied).
public actor WALCheckpointer {
    private let connection: SQLiteConnection
    private let executor = DedicatedThreadExecutor(name: "zd-checkpoint")

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    public init(path: String) throws(StoreError) {
        connection = try SQLiteConnection(path: path)
        // Reading once opens the log: a connection that has not read yet cannot checkpoint it.
        try connection.execute("PRAGMA busy_timeout = 10000;")
        guard try connection.scalarInt("SELECT count(*) FROM sqlite_master") > 0 else {
            throw .cannotOpen(path: path, reason: "the store has no tables yet; open it for writing first")
        }
    }

    deinit {
        executor.shutdown()
    }

    /// One passive checkpoint. - Returns: frames in the log, and how many of them are now copied.
    @discardableResult
    public func checkpoint() throws(StoreError) -> (logFrames: Int, copied: Int) {
        var logFrames: Int32 = 0
        var copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied)
        guard rc == SQLITE_OK || rc == SQLITE_BUSY else {
            throw .sqlite(code: rc, message: connection.lastErrorMessage, sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
        guard logFrames >= 0 else {
            throw .sqlite(code: SQLITE_ERROR, message: "the store is not in WAL mode", sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
        return (Int(logFrames), Int(copied))
    }
}
