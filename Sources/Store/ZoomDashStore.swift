import Foundation
import ZoomDashCore
import ZoomDashPlatform

/// The SQLite time-series store: one file, one writer connection owned by this actor, any number of
/// readers in other processes (WAL). Blocking SQLite calls run on the store's own thread.
///
/// Raw participant sessions are kept next to what the analysis derives from them, so the analysis can
/// be re-run (`zoomdashctl reanalyze`) whenever thresholds change.
public actor ZoomDashStore {
    public nonisolated let path: String
    public let isReadOnly: Bool
    let connection: SQLiteConnection
    private let executor: DedicatedThreadExecutor
    /// Prepared once: the hot insert path must not re-parse SQL per row.
    var cachedStatements: [String: SQLiteStatement] = [:]
    /// Meetings a webhook already created, so participant events (the bulk of webhook traffic) need not
    /// upsert their meeting again on every commit.
    var meetingsSeenByWebhook: Set<String> = []
    /// Compresses the raw bodies of webhook events as they are committed (zlib state kept between them).
    lazy var webhookBodyDeflater = WebhookBodyDeflater()
    /// The live analysis's copy of the meetings it analysed lately (``LiveAnalysisMemory``).
    var liveMemory = LiveAnalysisMemory()

    /// The database's and its log's identity at open: a commit into a file someone deleted or replaced
    /// would be acknowledged and then lost at the next start.
    private var openedFiles: [(path: String, identity: FileIdentity)] = []

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Runs `body` isolated to the store on its thread, after the foreground work already waiting,
    /// without a task: for a caller on a thread of its own (the HTTP event loop) that must not wake
    /// the concurrency pool to reach the store. `body` must be quick and must not suspend.
    public nonisolated func onStoreThread(_ body: @escaping @Sendable (isolated ZoomDashStore) -> Void) {
        executor.submit { [self] in assumeIsolated { body($0) } }
    }

    /// Opens (creating and migrating unless `readOnly`) the store at `path`.
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        if !readOnly {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
        } else if !FileManager.default.fileExists(atPath: path) {
            throw .cannotOpen(path: path, reason: "no such file (run a backfill or start zoomdashd first)")
        }
        self.path = path
        self.isReadOnly = readOnly
        self.executor = DedicatedThreadExecutor(name: "zd-store")
        let connection = try SQLiteConnection(path: path, readOnly: readOnly)
        do {
            if readOnly {
                try connection.execute("PRAGMA busy_timeout = 10000;")
            } else {
                // SQLite opens a file it may not write read-only without a word: refuse it here, so the
                // daemon exits (74) instead of answering 503 to every webhook until someone notices.
                if connection.isReadOnlyDatabase { throw StoreError.notWritable(path: path) }
                try connection.execute(Schema.pragmas)
                try Schema.migrate(connection)
                try connection.execute("INSERT INTO checkpoints(key, value, updated_at) VALUES ('store.opened', '', 0) ON CONFLICT(key) DO UPDATE SET value = ''")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        self.connection = connection
        if !readOnly {
            openedFiles = [path, path + "-wal", path + "-shm"].compactMap { file in FileIdentity(path: file).map { (file, $0) } }
        }
    }

    /// Throws ``StoreError/filesReplaced(path:file:)`` when the database or its log is no longer the
    /// file this connection opened (two `stat` calls; run before each webhook commit).
    func verifyFilesUnchanged() throws(StoreError) {
        for (file, identity) in openedFiles {
            // Only a missing file or another inode counts: a passing I/O error (NFS) is no reason to stop.
            var status = stat()
            if stat(file, &status) == 0 {
                if FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) == identity { continue }
            } else if errno != ENOENT {
                continue
            }
            saveWhatTheLogHolds()
            throw .filesReplaced(path: path, file: file)
        }
    }

    /// Copies what the log holds (acknowledged events) into the database file, which this connection
    /// still reads a deleted log from, unless the database file itself is gone. A reader in this
    /// process (an export) can hold it back: it is waited for a few times, and what could not be
    /// copied is logged, never silently dropped.
    private func saveWhatTheLogHolds() {
        guard let database = openedFiles.first, FileIdentity(path: database.path) == database.identity else { return }
        var result: (logFrames: Int, copied: Int)?
        for _ in 0..<3 {
            result = WALCheckpointer.fullCheckpoint(connection)
            if let result, result.copied >= result.logFrames { return }
        }
        let missing = result.map { "\($0.logFrames - $0.copied) of \($0.logFrames)" } ?? "all"
        FileHandle.standardError.write(Data("zoomdashd: \(missing) frames of the deleted write-ahead log could not be copied into \(path)\n".utf8))
    }

    deinit {
        executor.shutdown()
    }

    func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = cachedStatements[sql] { return cached }
        let prepared = try connection.prepare(sql)
        cachedStatements[sql] = prepared
        return prepared
    }

    /// - Parameter keepsLiveMemory: the body writes none of the rows ``LiveAnalysisMemory`` copies
    ///   (sessions, disconnections, quarter hours, webhook events), or keeps the copy equal to them
    ///   itself. Any other transaction makes the live analysis read its meetings whole again.
    func transaction<T>(keepsLiveMemory: Bool = false, _ body: () throws -> T) throws -> T {
        if !keepsLiveMemory { liveMemory.forgetAll() }
        do {
            return try connection.transaction(body)
        } catch {
            liveMemory.forgetAll()
            throw error
        }
    }

    /// Whether a commit that crosses 1,000 log pages also checkpoints the write-ahead log (SQLite's
    /// default). Off only while a ``WALCheckpointer`` runs regularly, or the log grows without bound.
    public func setAutomaticWALCheckpoints(_ enabled: Bool) throws {
        try connection.execute("PRAGMA wal_autocheckpoint = \(enabled ? 1000 : 0)")
    }

    /// Copies what remains of the write-ahead log on the writer's own connection. Run between two
    /// transactions, nothing can be appended meanwhile, so all of the log is copied and the next
    /// commit starts it over (see ``WALCheckpointer/checkpoint(restartingLogOf:after:)``), unless a
    /// reader in another process (`zoomdashctl`) still reads an older snapshot: then the copy stops
    /// there, and the log goes on growing until that reader is done. nil when another checkpoint was
    /// under way.
    public func checkpointWAL() throws -> (logFrames: Int, copied: Int)? {
        try WALCheckpointer.passiveCheckpoint(connection)
    }

    // MARK: - Checkpoints

    public func checkpoint(_ key: String) throws -> String? {
        let query = try statement("SELECT value FROM checkpoints WHERE key = ?")
        defer { query.reset() }
        query.bind(1, key)
        return try query.step() ? query.text(0) : nil
    }

    public func setCheckpoint(_ key: String, _ value: String, now: UnixSeconds) throws {
        let upsert = try statement(
            "INSERT INTO checkpoints(key, value, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
        upsert.bind(1, key)
        upsert.bind(2, value)
        upsert.bind(3, now)
        try upsert.run()
    }

    // MARK: - Collector runs

    public func recordRun(_ run: CollectorRun) throws {
        let insert = try statement(
            "INSERT INTO collector_runs(collector, started_at, finished_at, result, rows, api_calls, error) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")
        insert.bind(1, run.collector)
        insert.bind(2, run.startedAt)
        insert.bind(3, run.finishedAt)
        insert.bind(4, run.result.rawValue)
        insert.bind(5, run.rows)
        insert.bind(6, run.apiCalls)
        insert.bind(7, run.error)
        try insert.run()
    }

    /// Bytes used on disk, including the write-ahead log.
    public nonisolated func sizeOnDisk() -> Int64 {
        [path, path + "-wal", path + "-shm"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
            return total + (size ?? 0)
        }
    }

    /// Checks that the store accepts a write now (for health checks): a real one, since a write of
    /// nothing commits without touching the disk, so a full or read-only file system would pass.
    public func probeWritable(now: UnixSeconds) throws {
        guard !isReadOnly else { throw StoreError.notWritable(path: path) }
        try setCheckpoint("health.probe", "", now: now)
    }
}
