import Foundation

/// The stored fingerprints of every meeting's disconnections and quarter hours, read on a thread of
/// its own through a read-only connection while the re-analysis transaction goes on: the two table
/// scans cost a fifth of a re-analysis, and the store's thread is the one that bounds it.
///
/// What the reader sees is what the transaction started from: it starts after `BEGIN IMMEDIATE`
/// (no other writer can commit until ours does), WAL readers never see uncommitted writes, and the
/// transaction waits for it before it commits. A store in memory has no second connection; it is
/// read on the caller's connection at once.
final class StoredFingerprintsReader: @unchecked Sendable {  // `result` is guarded by `condition`
    struct Fingerprints: Sendable {
        var disconnections: KeyOrderedFingerprints
        var usage: KeyOrderedFingerprints
    }

    private let condition = NSCondition()
    private var result: Result<Fingerprints, any Error>?
    private var cpuTime = Duration.zero

    /// - Parameter measuring: whether the thread measures its CPU time (``phases``).
    init(path: String, connection: SQLiteConnection, measuring: Bool = false) {
        guard !path.isEmpty, path != ":memory:" else {
            result = Result { try Self.read(connection) }
            return
        }
        let thread = Thread { [self] in
            let started = measuring ? PhaseStopwatch.threadCPUTime() : .zero
            let read = Result { try Self.read(try SQLiteConnection(path: path, readOnly: true)) }
            let took = measuring ? PhaseStopwatch.threadCPUTime() - started : .zero
            condition.lock()
            cpuTime = took
            result = consume read  // not kept here until the thread ends: the taker would copy it
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "zoomdash.fingerprints"
        thread.start()
    }

    /// Waits for the fingerprints; call before the transaction writes its first derived row. The
    /// first call takes them (later calls get none): were they kept here too, the caller's first
    /// take would copy both lists whole.
    func wait() throws -> Fingerprints {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        let fingerprints = try result!.get()
        result = .success(Fingerprints(disconnections: .init(), usage: .init()))
        return fingerprints
    }

    /// The thread's CPU time, once ``wait()`` returned (zero unless `measuring`, or in memory).
    var phases: ReanalysisPhases {
        condition.lock()
        defer { condition.unlock() }
        var phases = ReanalysisPhases()
        phases.storedFingerprints = cpuTime
        return phases
    }

    private static func read(_ connection: SQLiteConnection) throws -> Fingerprints {
        Fingerprints(
            disconnections: try ZoomDashStore.storedFingerprints(.disconnections, in: connection),
            usage: try ZoomDashStore.storedFingerprints(.usage, in: connection))
    }
}
