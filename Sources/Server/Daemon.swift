import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPlatform
import ZoomDashPlugins
import ZoomDashSinks
import ZoomDashStorage
import ZoomDashZoomAPI

/// Wires the daemon together: store, metrics, webhook ingest, live analysis, scheduler, HTTP server
/// and reload handling, all as services of one ServiceGroup.
public struct Daemon: Sendable {
    let config: ZoomDashConfig
    let configPath: String?
    let logger: Logger

    public init(config: ZoomDashConfig, configPath: String?, logger: Logger) {
        self.config = config
        self.configPath = configPath
        self.logger = logger
    }

    public func run() async throws {
        let notifier = SystemdNotifier(logger: logger)
        let store = try ZoomDashStore(path: config.store.path)
        let checkpointer = try WALCheckpointer(path: config.store.path)
        let metrics = ZoomDashMetrics(
            collectors: config.collectors.filter(\.value.schedule.enabled).keys.sorted(),
            sinks: config.sinks.filter(\.value.enabled).keys.sorted())
        metrics.observe(try await store.metricTotals())
        let backlog = try await store.analysisBacklog().meetings
        let runtime = Runtime(config: config, configPath: configPath, store: store, metrics: metrics, notifier: notifier, logger: logger)
        if config.webhook.secretToken.isEmpty {
            logger.warning("no webhook secret configured ([webhook] secret_token, ZOOM_WEBHOOK_SECRET_TOKEN or the zoom-webhook-secret credential): the webhook endpoint refuses every request")
        }
        if !config.zoom.hasCredentials {
            logger.warning("no Zoom credentials configured: polling collectors cannot run", metadata: ["error": "\(ZoomAPIError.missingCredentials)"])
        }
        // A notifier new to this store starts at the outbox's end now, before any pass can add to it.
        for (name, sink) in config.sinks where sink.enabled && StandardPlugins.kind(ofSink: sink.type) == .notifier {
            _ = try await store.notifierCursor(name, now: Runtime.now())
        }
        let sinks = SinkService(runtime: runtime)
        let live = LiveAnalysisService(runtime: runtime, sinks: sinks)
        let ingestor = WebhookIngestor(
            store: store, monitored: { runtime.current.filter.isMonitored($0) }, now: Runtime.now,
            onCommitted: { live.committed($0) }, onOutcome: { runtime.commits.record($0) })
        let endpoint = WebhookEndpoint(runtime: runtime, ingest: ingestor)
        let server = HTTPServer.make(runtime: runtime, endpoint: endpoint) { port in
            logger.info("listening", metadata: ["http.address": "\(config.http.host):\(port)", "webhook.path": "\(config.webhook.path)"])
            // READY does not wait for the backlog; the live analysis's next STATUS= says when it is done.
            notifier.ready(status: "listening on \(config.http.host):\(port)" + (backlog > 0 ? "; \(LiveSummary.catchingUp(backlog))" : ""))
        }
        var configuration = ServiceGroupConfiguration(
                services: [
                    .init(service: WALCheckpointService(store: store, checkpointer: checkpointer, logger: logger)),
                    .init(service: ingestor), .init(service: live),
                    .init(service: LiveSourcesService(runtime: runtime, ingest: ingestor)),
                    .init(service: SchedulerService(runtime: runtime, sinks: sinks)),
                    .init(service: sinks),
                    .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                    // The group stops services last to first: STOPPING=1 goes out first, and no
                    // RELOADING=1 can follow it.
                    .init(service: ReloadService(runtime: runtime)),
                    .init(service: ShutdownAnnouncer(notifier: notifier)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger)
        // A client that never finishes its request must not hold the stop past systemd's patience:
        // after this, what is still running is cancelled (queued webhook events are still committed).
        configuration.maximumGracefulShutdownDuration = .seconds(config.http.shutdownTimeoutSeconds)
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch is CancellationError {
            logger.notice("stopped after the shutdown timeout; connections still open were closed")
        }
        try? await store.saveCounters(metrics.savedCounters())
        logger.info("stopped")
    }
}

/// Sends STOPPING=1 the moment graceful shutdown begins (SIGTERM), before the other services wind down.
struct ShutdownAnnouncer: Service {
    let notifier: any ServiceManagerNotifier

    func run() async throws {
        try? await gracefulShutdown()
        notifier.stopping()
    }
}
