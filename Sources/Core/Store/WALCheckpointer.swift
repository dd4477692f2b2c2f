import CZDSQLite

/// Copies the write-ahead log into the database file from a connection and a thread of its own.
///
/// SQLite normally checkpoints inside the commit that crosses 1,000 WAL pages, so now and then one
/// webhook commit also copies megabytes and waits for an fsync: the worst stalls of the ingest path.
/// The daemon turns that off for its writer (``ZoomDashStore/setAutomaticWALCheckpoints(_:)``) and asks
/// this checkpointer instead, which never blocks the writer (`PASSIVE`: it copies what no reader
/// still needs, and the writer starts the log over once all of it is copied; under sustained writes
/// that needs the writer's help, see ``checkpoint(restartingLogOf:after:)``).
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
        try Self.passiveCheckpoint(connection)
    }

    /// A passive checkpoint here, then, once the log is `restartFrames` long, one on the writer.
    ///
    /// Under sustained writes the writer appends while this connection copies, so the log is never
    /// entirely copied when the writer next commits, and it never starts over: it would grow for as
    /// long as the flood lasts. This connection copies the bulk off the writer's thread; the writer then
    /// copies only what was appended meanwhile, and its next commit starts the log over.
    /// - Returns: the log's length before this call, in frames, and whether the writer copied the rest.
    @discardableResult
    public func checkpoint(restartingLogOf store: ZoomDashStore, after restartFrames: Int) async throws
        -> (logFrames: Int, finishedByWriter: Bool)
    {
        let bulk = try Self.passiveCheckpoint(connection)
        guard bulk.logFrames >= restartFrames else { return (bulk.logFrames, false) }
        _ = try await store.checkpointWAL()
        return (bulk.logFrames, true)
    }

    static func passiveCheckpoint(_ connection: SQLiteConnection) throws(StoreError) -> (logFrames: Int, copied: Int) {
        var logFrames: Int32 = 0
        var copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied)
        // Busy: another connection is checkpointing or the writer is starting the log over; the next
        // round copies what this one could not.
        if rc == SQLITE_BUSY { return (max(0, Int(logFrames)), max(0, Int(copied))) }
        guard rc == SQLITE_OK else {
            throw .sqlite(code: rc, message: connection.lastErrorMessage, sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
        guard logFrames >= 0 else {
            throw .sqlite(code: SQLITE_ERROR, message: "the store is not in WAL mode", sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
        return (Int(logFrames), Int(copied))
    }
}
