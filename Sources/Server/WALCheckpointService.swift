import Logging
import ServiceLifecycle
import ZoomDashStorage

/// Checkpoints the store's write-ahead log every second from its own connection and thread, so no
/// webhook commit pays for copying it. Once the log is `restartFrames` long (only under sustained
/// writes), the writer copies the little that remains so the log starts over
/// (``WALCheckpointer/checkpoint(restartingLogOf:after:)``), and rounds come every `floodInterval`:
/// a flood appends 20,000–30,000 frames (80–120 MiB) a second on these machines, so rounds must come
/// often for the log to stay short. While checkpoints fail, the store's commits
/// checkpoint as SQLite does by default.
struct WALCheckpointService: Service {
    let store: ZoomDashStore
    let checkpointer: WALCheckpointer
    let logger: Logger
    var interval: Duration = .seconds(1)
    var floodInterval: Duration = .milliseconds(250)
    /// 4 MiB of 4 KiB pages, SQLite's own checkpoint size. Measured under the webhook bench against
    /// 16 and 64 MiB: small restarts keep the log file at 26–49 MiB (78–197 MiB) with the best p99,
    /// because each one's copy and fsync is short.
    var restartFrames = 1024

    func run() async throws {
        // Low priority: the writer's share of the work waits behind webhook commits (PriorityJobQueue).
        await withDiscardingTaskGroup { group in
            group.addTask(priority: .low) { await checkpoints() }
        }
    }

    private func checkpoints() async {
        var inCommits = true
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var pause = interval
            do {
                if try await checkpointer.checkpoint(restartingLogOf: store, after: restartFrames).finishedByWriter {
                    pause = floodInterval
                }
                if inCommits {
                    try await store.setAutomaticWALCheckpoints(false)
                    inCommits = false
                }
            } catch {
                logger.warning("WAL checkpoint failed; commits checkpoint until the next success", metadata: ["error": "\(error)"])
                if !inCommits, (try? await store.setAutomaticWALCheckpoints(true)) != nil { inCommits = true }
            }
            try? await cancelWhenGracefulShutdown { [pause] in try await Task.sleep(for: pause) }
        }
        try? await store.setAutomaticWALCheckpoints(true)
        _ = try? await checkpointer.checkpoint()
    }
}
