import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashDashboard
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

    /// What the configuration file alone cannot tell: whether the dashboard's users file is usable.
    public static func validate(_ config: ZoomDashConfig) throws {
        if config.dashboard.enabled, let path = config.dashboard.usersFile { _ = try Accounts.load(path: path) }
    }

    public func run() async throws {
        let config = {
            var fitted = self.config
            fitted.http.maxConnections = FileLimit.fitConnections(fitted.http.maxConnections, logger: logger)
            return fitted
        }()
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
        // READY once every listener is up; it does not wait for the backlog (the live analysis's next
        // STATUS= says when that is done).
        let listeners = ListenerGate(expected: config.dashboard.enabled ? 2 : 1) { addresses in
            var status = "listening on \(addresses[0])"
            if addresses.count > 1 { status += "; dashboard on \(addresses[1])" }
            notifier.ready(status: status + (backlog > 0 ? "; \(LiveSummary.catchingUp(backlog))" : ""))
        }
        let server = HTTPServer.make(runtime: runtime, endpoint: endpoint, ingestor: ingestor) { port in
            logger.info("listening", metadata: ["http.address": "\(config.http.host):\(port)", "webhook.path": "\(config.webhook.path)"])
            await listeners.up(0, "\(config.http.host):\(port)")
        }
        let announcer = ShutdownAnnouncer(notifier: notifier)
        var dashboard: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if config.dashboard.enabled {
            let access = try DashboardSetup.access(config, logger: logger)
            let app = DashboardServer.application(api: try DashboardSetup.api(runtime: runtime), access: access, logger: logger) { port in
                logger.info(
                    "dashboard listening",
                    metadata: ["dashboard.address": "\(config.dashboard.host):\(port)", "dashboard.login": "\(access.requiresLogin)"])
                await listeners.up(1, "\(config.dashboard.host):\(port)")
            }
            dashboard = [.init(service: app)]
        }
        var configuration = ServiceGroupConfiguration(
                services: dashboard + [
                    .init(service: WALCheckpointService(store: store, checkpointer: checkpointer, logger: logger)),
                    .init(service: ingestor), .init(service: live),
                    .init(service: LiveSourcesService(runtime: runtime, ingest: ingestor)),
                    .init(service: SchedulerService(runtime: runtime, sinks: sinks)),
                    .init(service: sinks),
                    .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                    // The group stops services last to first: STOPPING=1 goes out first, and no
                    // RELOADING=1 can follow it.
                    .init(service: ReloadService(runtime: runtime)),
                    .init(service: announcer),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger)
        // A client that never finishes its request must not hold the stop past systemd's patience:
        // after this, what is still running is cancelled (queued webhook events are still committed).
        configuration.maximumGracefulShutdownDuration = .seconds(config.http.shutdownTimeoutSeconds)
        configuration.maximumCancellationDuration = .seconds(5)
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch is CancellationError where announcer.asked.flag.load(ordering: .relaxed) {
            logger.notice("stopped after the shutdown timeout; connections still open were closed")
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            var addresses = ["[http] \(config.http.host):\(config.http.port)"]
            if config.dashboard.enabled { addresses.append("[dashboard] \(config.dashboard.host):\(config.dashboard.port)") }
            throw ServerError.addressInUse(listeners: await listeners.notUp(addresses))
        }
        try? await store.saveCounters(metrics.savedCounters())
        logger.info("stopped")
    }
}

/// Calls `ready` once each of `expected` listeners said where it listens, with the addresses in order.
actor ListenerGate {
    private var addresses: [Int: String] = [:]
    private let expected: Int
    private let ready: @Sendable ([String]) -> Void

    init(expected: Int, ready: @escaping @Sendable ([String]) -> Void) {
        self.expected = expected
        self.ready = ready
    }

    /// Those of `all` (in listener order) that have not said they listen.
    func notUp(_ all: [String]) -> [String] {
        all.indices.filter { addresses[$0] == nil }.map { all[$0] }
    }

    func up(_ index: Int, _ address: String) {
        guard addresses[index] == nil else { return }
        addresses[index] = address
        if addresses.count == expected { ready((0..<expected).map { addresses[$0] ?? "?" }) }
    }
}

/// Sends STOPPING=1 the moment graceful shutdown begins (SIGTERM), before the other services wind down.
struct ShutdownAnnouncer: Service {
    let notifier: any ServiceManagerNotifier
    /// Set once a stop was asked for: only then is a cancellation the shutdown timeout at work.
    let asked = StopAsked()

    func run() async throws {
        try? await gracefulShutdown()
        if !Task.isCancelled { asked.flag.store(true, ordering: .relaxed) }
        notifier.stopping()
    }
}

final class StopAsked: Sendable {
    let flag = Atomic<Bool>(false)
}

/// File descriptors for the HTTP listener: the soft limit is raised to the hard one, and the
/// connection limit kept below it with room for the store, the journal and Zoom's client, so that
/// accepting never fails with EMFILE before a slow client can be made room for.
enum FileLimit {
    static let reserve = 64

    static func fitConnections(_ wanted: Int, logger: Logger) -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return wanted }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let available = Int(clamping: limit.rlim_cur) - reserve
        guard wanted > available else { return wanted }
        let fitted = max(16, available)
        logger.warning(
            "[http] max_connections lowered to fit the file limit; raise LimitNOFILE= (or ulimit -n) to allow more",
            metadata: ["http.max_connections": "\(fitted)", "file_limit": "\(limit.rlim_cur)"])
        return fitted
    }
}
