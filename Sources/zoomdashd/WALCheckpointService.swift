import Logging
import ServiceLifecycle
import ZoomDashCore

/// Checkpoints the store's write-ahead log every second from its own connection and thread, so no
/// webhook commit pays for copying it. Once the log is `restartFrames` long (only under sustained
/// writes), the writer copies the little that remains so the log starts over
/// (``WALCheckpointer/checkpoint(restartingLogOf:after:)``). While checkpoints fail, the store's
/// commits checkpoint as SQLite does by default.
struct WALCheckpointService: Service {
    let store: ZoomDashStore
    let checkpointer: WALCheckpointer
    let logger: Logger
    var interval: Duration = .seconds(1)
    /// 16 MiB of 4 KiB pages: a few seconds of a flood; at ordinary rates the log starts over by itself.
    var restartFrames = 4096

    func run() async throws {
        // Low priority: the writer's share of the work waits behind webhook commits (PriorityJobQueue).
        await withDiscardingTaskGroup { group in
            group.addTask(priority: .low) { await checkpoints() }
        }
    }

    private func checkpoints() async {
        var inCommits = true
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await checkpointer.checkpoint(restartingLogOf: store, after: restartFrames)
                if inCommits {
                    try await store.setAutomaticWALCheckpoints(false)
                    inCommits = false
                }
            } catch {
                logger.warning("WAL checkpoint failed; commits checkpoint until the next success", metadata: ["error": "\(error)"])
                if !inCommits, (try? await store.setAutomaticWALCheckpoints(true)) != nil { inCommits = true }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        try? await store.setAutomaticWALCheckpoints(true)
        _ = try? await checkpointer.checkpoint()
    }
}
