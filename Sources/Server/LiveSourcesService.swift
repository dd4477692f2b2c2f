import Foundation
import Logging
import ServiceLifecycle
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashPipeline
import ZoomDashPlugins
import ZoomDashZoomAPI

/// Runs the configured live event sources (`[sources.NAME]`), each feeding the webhook's ingestor,
/// until graceful shutdown. Sources are built from the configuration the daemon started with (a
/// change takes effect at the next restart). A source that throws stops the daemon, so systemd
/// restarts it: by its contract it throws only what it cannot retry itself.
struct LiveSourcesService: Service {
    let runtime: Runtime
    let ingest: any LiveEventIngest

    func run() async throws {
        let current = runtime.current
        let dependencies = SourceDependencies(
            zoom: current.config.zoom, http: current.http, logger: runtime.logger, tokens: current.client?.tokens, store: runtime.store,
            stateDirectory: (current.config.store.path as NSString).deletingLastPathComponent.isEmpty
                ? "." : (current.config.store.path as NSString).deletingLastPathComponent)
        var sources: [any LiveEventSource] = []
        for (name, source) in current.config.sources.sorted(by: { $0.key < $1.key }) where source.enabled {
            let made = try StandardPlugins.sources.make(name: name, type: source.type, section: source.section, dependencies: dependencies)
            if let websocket = made as? ZoomWebSocketSource { runtime.websockets.register(websocket.status) }
            sources.append(made)
        }
        guard !sources.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        try await withThrowingDiscardingTaskGroup { group in
            for source in sources {
                group.addTask {
                    runtime.logger.info("live source started", metadata: ["source": "\(source.name)"])
                    try await source.run(into: ingest)
                }
            }
        }
    }
}
