import Foundation
import ZoomDashCore
import ZoomDashStorage
import ZoomSimKit

/// The store's part of a webhook event alone, without HTTP, the event loop's threads or their
/// wake-ups: the webhook bench's events (1,000 classes of 30), parsed beforehand, committed in
/// rounds of 12 (about what a round holds at 2,000 events/s) to a fresh store. The first 60,000
/// (every pupil joins and drops once) are committed and analysed untimed, as the webhook bench's
/// prefill; then 20,000 more are committed with a live pass over every class due after each 10,000
/// (two passes, as in the webhook bench's 10 s at 2,000/s). CPU of the whole process per event of
/// those 20,000, for the commits and for the passes, the best of three stores (or
/// `ZOOMDASH_BENCH_COMMIT_STORES`): on these noisy VMs a
/// change of a few microseconds shows here, not in the end-to-end figure.
enum CommitBench {
    static let prefill = 60_000
    static let paced = 20_000
    static let round = 12
    static let eventsPerPass = 10_000
    /// `ZOOMDASH_BENCH_COMMIT_STORES=1` for a run under callgrind, whose instruction counts do not
    /// depend on the VM's neighbours.
    static let stores = Int(ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_COMMIT_STORES"] ?? "") ?? 3

    static func run() async throws {
        let base = Int64(Date().timeIntervalSince1970) - 600
        let start = UTCTime.iso8601(epochSeconds: Int(base - 600))
        let records = try (1...(prefill + paced)).map { index in
            try WebhookParser.parse(
                Array(EventSource.body(index: index, meetings: 1000, participants: 30, base: base, meetingStart: start).utf8))
        }
        let runner = AnalysisRunner(thresholds: AnalysisThresholds(), now: { base + 600 })
        var best = (commit: Double.infinity, analysis: Double.infinity)
        var storeBytes = 0
        for attempt in 0..<stores {
            let path = NSTemporaryDirectory() + "zoomdash-bench-commit-\(getpid())-\(attempt).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
            let store = try ZoomDashStore(path: path)
            func commit(_ range: Range<Int>) async throws {
                for first in stride(from: range.lowerBound, to: range.upperBound, by: round) {
                    _ = try await store.commitWebhookRecords(
                        Array(records[first..<min(first + round, range.upperBound)]), receivedAt: base, monitored: { _ in true })
                }
            }
            func pass() async throws {
                while case let due = try await store.analysisDue(limit: 4096), !due.isEmpty {
                    try await runner.analyse(meetingUUIDs: due.map(\.meetingUUID), in: store)
                }
            }
            try await commit(0..<prefill)
            try await pass()
            var spent = (commit: 0.0, analysis: 0.0)
            for first in stride(from: prefill, to: prefill + paced, by: eventsPerPass) {
                var before = Machine.cpuSeconds(pid: getpid())
                try await commit(first..<(first + eventsPerPass))
                spent.commit += Machine.cpuSeconds(pid: getpid()) - before
                before = Machine.cpuSeconds(pid: getpid())
                try await pass()
                spent.analysis += Machine.cpuSeconds(pid: getpid()) - before
            }
            best = (min(best.commit, spent.commit), min(best.analysis, spent.analysis))
            storeBytes = Int(store.sizeOnDisk())
        }
        report("commit", [
            ("events", "\(paced)"), ("per_round", "\(round)"), ("commit_cpu_us_per_event_best_of_3", format(best.commit * 1e6 / Double(paced), 1)),
            ("live_analysis_cpu_us_per_event_best_of_3", format(best.analysis * 1e6 / Double(paced), 1)),
            ("store_bytes_per_event", "\(storeBytes / (prefill + paced))"),
        ])
    }
}
