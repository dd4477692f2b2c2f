import Logging
import ServiceLifecycle
import ZoomDashCore

/// Checkpoints the store's write-ahead log every second from its own connection and thread, so no
/// webhook commit pays for it. While checkpoints fail, the store's commits checkpoint as before.
struct WALCheckpointService: Service {
    let store: ZoomDashStore
    let checkpointer: WALCheckpointer
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        var inCommits = true
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await checkpointer.checkpoint()
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
