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

    /// The log's length when the writer last copied all of it: until a commit starts the log over,
    /// there is nothing to ask the writer again.
    private var completelyCopiedAt: Int?

    /// One passive checkpoint. - Returns: frames in the log, and how many of them are now copied;
    ///   (0, 0) when another checkpoint or a restart of the log was under way.
    @discardableResult
    public func checkpoint() throws(StoreError) -> (logFrames: Int, copied: Int) {
        try Self.passiveCheckpoint(connection) ?? (0, 0)
    }

    /// A passive checkpoint here, then, once the log is `restartFrames` long, one on the writer.
    ///
    /// Under sustained writes the writer appends while this connection copies, so the log is never
    /// entirely copied when the writer next commits, and it never starts over: it would grow for as
    /// long as the flood lasts. So this connection copies the bulk off the writer's thread, then copies
    /// again what was appended meanwhile until that is little (each round is shorter than the last),
    /// and only that little is left for the writer to copy; its next commit starts the log over.
    /// - Returns: the log's length before this call, in frames, and whether the writer copied the rest.
    @discardableResult
    public func checkpoint(restartingLogOf store: ZoomDashStore, after restartFrames: Int) async throws
        -> (logFrames: Int, finishedByWriter: Bool)
    {
        guard let first = try Self.passiveCheckpoint(connection) else { return (0, false) }
        guard first.logFrames >= restartFrames, first.logFrames != completelyCopiedAt else { return (first.logFrames, false) }
        var last = first
        for _ in 0..<Self.catchUpRounds {
            guard let next = try Self.passiveCheckpoint(connection) else { return (first.logFrames, false) }
            // Shorter than before: the writer started the log over by itself.
            if next.logFrames < last.logFrames { return (first.logFrames, false) }
            let appendedMeanwhile = next.logFrames - last.logFrames
            last = next
            if appendedMeanwhile <= Self.writerShareFrames { break }
        }
        guard let byWriter = try await store.checkpointWAL() else { return (first.logFrames, false) }
        completelyCopiedAt = byWriter.copied == byWriter.logFrames ? byWriter.logFrames : nil
        return (first.logFrames, true)
    }

    /// What the writer may be left to copy: 1 MiB of 4 KiB pages, a few milliseconds of its time
    /// (measured: 2–25 ms from asking to done, its turn in the store's queue included).
    static let writerShareFrames = 256
    /// Copy rounds before the writer is asked anyway, if a flood outpaces the copying.
    static let catchUpRounds = 8

    /// - Returns: nil when busy: another connection is checkpointing or the writer is starting the log
    ///   over; the next round copies what this one could not.
    /// A FULL checkpoint: waits (busy_timeout) for readers and writers, then copies all it may.
    /// - Returns: the log's frames and those copied; nil when it stayed busy.
    static func fullCheckpoint(_ connection: SQLiteConnection) -> (logFrames: Int, copied: Int)? {
        var logFrames: Int32 = 0
        var copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_FULL, &logFrames, &copied)
        return rc == SQLITE_OK ? (Int(logFrames), Int(copied)) : nil
    }

    static func passiveCheckpoint(_ connection: SQLiteConnection) throws(StoreError) -> (logFrames: Int, copied: Int)? {
        var logFrames: Int32 = 0
        var copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied)
        if rc == SQLITE_BUSY { return nil }
        guard rc == SQLITE_OK else {
            throw .sqlite(code: rc, message: connection.lastErrorMessage, sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
        guard logFrames >= 0 else {
            throw .sqlite(code: SQLITE_ERROR, message: "the store is not in WAL mode", sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
        return (Int(logFrames), Int(copied))
    }
}

