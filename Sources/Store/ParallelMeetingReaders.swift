import Foundation
import ZoomDashCore

/// The sessions of a whole-store re-analysis read, decoded and analysed on `threads` threads at
/// once, each through a read-only connection of its own, so the store's thread steps no session
/// and only compares and writes results. Reading SQLite was half of the store's thread, and one
/// thread reading for another analysing left one core waiting on the other.
///
/// The key range of `participant_sessions` is cut into chunks at meeting boundaries; thread `t`
/// takes chunks `t`, `t + threads`, … and the store's thread takes their results in chunk order, so
/// results come in key order as from one connection (incident ids are given in that order). A thread
/// runs at most `ahead` chunks beyond the one taken last, which bounds memory by that many chunks' results.
///
/// What the readers see is what the transaction started from (as ``StoredFingerprintsReader``):
/// the caller uses them only when the transaction has not written sessions before, and leaves them
/// the meetings it may have changed otherwise (`skipping`), which it analyses on its own connection.
final class ParallelMeetingReaders: @unchecked Sendable {  // every mutable field is guarded by `condition`
    /// Chunk `i` holds the meetings from `bounds[i - 1]` (inclusive; the first chunk from the start)
    /// to `bounds[i]` (exclusive; the last chunk to the end).
    let bounds: [String]
    private let threads: Int
    private let ahead: Int
    private let condition = NSCondition()
    private var done: [Int: Result<[AnalysisWorker.MeetingResult], any Error>] = [:]
    private var taken = 0
    private var stopped = false
    private var running: Int
    private var measured = ReanalysisPhases()

    var chunkCount: Int { bounds.count + 1 }

    /// - Parameters:
    ///   - ahead: 32 chunks, so the threads go on while the store's thread waits for the stored
    ///     fingerprints at the start (a few tenths of a second; 4 left both cores idle meanwhile).
    ///   - measuring: whether each thread measures its ``phases``.
    init(
        path: String, bounds: [String], skipping: Set<String>, context: AnalysisWorker.Context, threads: Int = 2, ahead: Int = 32,
        measuring: Bool = false
    ) {
        self.bounds = bounds
        self.threads = threads
        self.ahead = ahead
        running = threads
        for index in 0..<threads {
            let thread = Thread { [self] in
                let watch = PhaseStopwatch(enabled: measuring)
                read(chunksFrom: index, path: path, skipping: skipping, context: context, watch: watch)
                condition.lock()
                measured.read += watch.phases.read
                measured.analyse += watch.phases.analyse
                measured.readingThreads += 1
                running -= 1
                condition.broadcast()
                condition.unlock()
            }
            thread.name = "zoomdash.reader\(index)"
            thread.start()
        }
    }

    /// Waits for the results of chunk `index` (taken in order, each once), in key order.
    func results(ofChunk index: Int) throws -> [AnalysisWorker.MeetingResult] {
        condition.lock()
        defer { condition.unlock() }
        while done[index] == nil { condition.wait() }
        taken = index + 1
        condition.broadcast()
        return try done.removeValue(forKey: index)!.get()
    }

    /// What the threads measured (nothing unless `measuring`), complete once ``finish()`` returned.
    var phases: ReanalysisPhases {
        condition.lock()
        defer { condition.unlock() }
        return measured
    }

    /// Stops the threads and waits until they have ended: call before the transaction ends, also when it throws.
    func finish() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while running > 0 { condition.wait() }
    }

    private func read(chunksFrom first: Int, path: String, skipping: Set<String>, context: AnalysisWorker.Context, watch: PhaseStopwatch) {
        var chunk = first
        do {
            let connection = try SQLiteConnection(path: path, readOnly: true)
            let order = " ORDER BY meeting_uuid, participant_key, join_time"
            let select = "SELECT \(RawSessionBatch.columns) FROM participant_sessions WHERE meeting_uuid >= ?"
            let bounded = try connection.prepare(select + " AND meeting_uuid < ?" + order)
            let toTheEnd = try connection.prepare(select + order)
            var reader = SessionRowReader()
            var reanalyser = MeetingReanalyser(context: context)
            while chunk < chunkCount, mayStart(chunk) {
                let query = chunk < bounds.count ? bounded : toTheEnd
                query.bind(1, chunk == 0 ? "" : bounds[chunk - 1])
                if chunk < bounds.count { query.bind(2, bounds[chunk]) }
                var results: [AnalysisWorker.MeetingResult] = []
                defer { query.reset() }
                try reader.forEachMeeting(query) { uuid, sessions in
                    guard !skipping.contains(uuid) else { return }
                    watch.lap(\.read)
                    results.append(reanalyser.result(uuid: uuid, sessions: sessions, explanation: nil))
                    watch.lap(\.analyse)
                }
                watch.lap(\.read)
                deliver(chunk, .success(results))
                chunk += threads
            }
        } catch {
            if chunk < chunkCount { deliver(chunk, .failure(error)) }
        }
    }

    /// Waits while this thread is `ahead` chunks beyond the store's; false once stopped.
    private func mayStart(_ chunk: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && chunk >= taken + ahead { condition.wait() }
        return !stopped
    }

    private func deliver(_ chunk: Int, _ result: Result<[AnalysisWorker.MeetingResult], any Error>) {
        condition.lock()
        done[chunk] = result
        condition.broadcast()
        condition.unlock()
    }
}
