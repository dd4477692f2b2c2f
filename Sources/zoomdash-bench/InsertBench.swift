import Foundation
import ZoomDashCore
import ZoomDashStorage

/// Store insert rate: 1,000,000 participant rows in transactions of one meeting batch (~10k rows).
enum InsertBench {
    static func run() async throws {
        let path = NSTemporaryDirectory() + "zoomdash-bench-\(getpid()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let store = try ZoomDashStore(path: path)
        var generator = SyntheticSessions()
        var batches: [[ParticipantSession]] = []
        var batch: [ParticipantSession] = []
        var total = 0
        var index = 0
        while total < 1_000_000 {
            let sessions = generator.meeting(index)
            batch += sessions
            total += sessions.count
            index += 1
            if batch.count >= 10_000 {
                batches.append(batch)
                batch = []
            }
        }
        if !batch.isEmpty { batches.append(batch) }
        let (_, seconds) = try await measure {
            for batch in batches { try await store.insertSessions(batch) }
        }
        report("insert", [
            ("rows", "\(total)"), ("seconds", format(seconds)), ("rows_per_s", format(Double(total) / seconds, 0)),
            ("store_mib", format(Double(store.sizeOnDisk()) / 1_048_576, 0)), ("peak_rss_mib", format(Machine.peakMemoryMiB, 0)),
        ])
    }
}

/// Full re-analysis from a store holding 1,000,000 sessions: what `zoomdashctl reanalyze` costs.
enum ReanalyseBench {
    static func run() async throws {
        let path = NSTemporaryDirectory() + "zoomdash-bench-re-\(getpid()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let store = try ZoomDashStore(path: path)
        var generator = SyntheticSessions()
        var total = 0
        var index = 0
        while total < 1_000_000 {
            var batch: [ParticipantSession] = []
            while batch.count < 10_000 {
                batch += generator.meeting(index)
                index += 1
            }
            total += batch.count
            try await store.insertSessions(batch)
        }
        let before = Machine.peakMemoryMiB
        let cpuBefore = Machine.cpuSeconds(pid: getpid())
        let (summary, seconds) = try await measure {
            try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store)
        }
        let cpuFirst = Machine.cpuSeconds(pid: getpid()) - cpuBefore
        // Again with the same thresholds: what a re-analysis of a store the daemon already analysed costs
        // (every derived row is derived again, and found unchanged).
        let (_, unchangedSeconds) = try await measure {
            try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store)
        }
        report("reanalyse", [
            ("sessions", "\(summary.sessions)"), ("meetings", "\(summary.meetings)"), ("seconds", format(seconds)),
            ("cpu_seconds", format(cpuFirst)), ("seconds_unchanged", format(unchangedSeconds)),
            ("cpu_seconds_unchanged", format(Machine.cpuSeconds(pid: getpid()) - cpuBefore - cpuFirst)),
            ("disconnections", "\(summary.disconnections)"), ("meeting_incidents", "\(summary.meetingIncidents)"),
            ("account_incidents", "\(summary.accountIncidents)"), ("peak_rss_mib", format(Machine.peakMemoryMiB, 0)),
            ("rss_before_mib", format(before, 0)),
        ])
    }
}
