import Foundation
import ZoomDashCore
import ZoomDashStorage
import ZoomSimKit

/// The store's part of a webhook event alone, without HTTP, threads of the event loop or live
/// analysis: the webhook bench's 60,000 events (1,000 classes: every pupil joins and drops once),
/// parsed beforehand, committed in rounds of 12 (about what a round holds at 2,000 events/s) to a
/// fresh store. CPU of the whole process per event, the best of three stores: on these noisy VMs a
/// change of a few microseconds in the commit path shows here, not in the end-to-end figure.
enum CommitBench {
    static let events = 60_000
    static let round = 12

    static func run() async throws {
        let base = Int64(Date().timeIntervalSince1970) - 600
        let start = UTCTime.iso8601(epochSeconds: Int(base - 600))
        let records = try (1...events).map { index in
            try WebhookParser.parse(
                Array(EventSource.body(index: index, meetings: 1000, participants: 30, base: base, meetingStart: start).utf8))
        }
        var best = Double.infinity
        var storeBytes = 0
        for attempt in 0..<3 {
            let path = NSTemporaryDirectory() + "zoomdash-bench-commit-\(getpid())-\(attempt).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
            let store = try ZoomDashStore(path: path)
            let before = Machine.cpuSeconds(pid: getpid())
            for first in stride(from: 0, to: records.count, by: round) {
                let batch = Array(records[first..<min(first + round, records.count)])
                _ = try await store.commitWebhookRecords(batch, receivedAt: base, monitored: { _ in true })
            }
            best = min(best, Machine.cpuSeconds(pid: getpid()) - before)
            storeBytes = Int(store.sizeOnDisk())
        }
        report("commit", [
            ("events", "\(events)"), ("per_round", "\(round)"), ("cpu_us_per_event_best_of_3", format(best * 1e6 / Double(events), 1)),
            ("store_bytes_per_event", "\(storeBytes / events)"),
        ])
    }
}
