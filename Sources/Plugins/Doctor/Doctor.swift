import Foundation
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashSinks
import ZoomDashZoomAPI

/// `zoomdashctl doctor`: loads the configuration, then runs every check that applies to it, in the
/// order an admin sets things up (config and secrets, Zoom, webhooks, sinks, store, systemd). When
/// the configuration does not load, that is the only check (exit 78).
public struct Doctor: Sendable {
    public let environment: DoctorEnvironment

    public init(environment: DoctorEnvironment) {
        self.environment = environment
    }

    public func run(commandLinePath: String?) async -> DoctorReport {
        let files = environment.files
        let (configCheck, loaded) = ConfigCheck.load(
            commandLinePath: commandLinePath, environment: environment.variables, fileExists: { files.status($0) != nil })
        guard let loaded else { return DoctorReport(checks: [configCheck]) }
        var checks = [configCheck]
        for probe in probes(loaded) { checks.append(await probe.examine()) }
        return DoctorReport(checks: checks)
    }

    /// The checks for a loaded configuration, in the order they run.
    func probes(_ loaded: ConfigCheck.Loaded) -> [any DoctorProbe] {
        let config = loaded.config
        let environment = environment
        let usesZoom = ZoomUsage.collectorsEnabled(config) || config.zoom.hasCredentials
        let inventory = SecretInventory(config: config, configPath: loaded.path, environment: environment.variables, usesZoom: usesZoom)
        var probes: [any DoctorProbe] = [
            SecretsCheck(inventory: inventory, files: environment.files),
            PermissionsCheck(inventory: inventory, configExists: loaded.fileExists, usersFile: config.dashboard.usersFile, files: environment.files),
        ]
        var zoomSession: ZoomProbeSession?
        if usesZoom {
            let session = ZoomProbeSession(settings: config.zoom, http: environment.http, now: environment.now, logger: environment.logger)
            zoomSession = session
            let usage = ZoomUsage(config)
            probes += [
                ZoomReachabilityCheck(session: session),
                ZoomClockCheck(session: session, toleranceSeconds: config.webhook.toleranceSeconds),
                ZoomTokenCheck(session: session, secretOrigin: inventory.origin(of: "zoom.client_secret")),
                ZoomScopesCheck(session: session, usage: usage),
                ZoomDashboardCheck(session: session, usage: usage),
                ZoomBudgetCheck(session: session, usage: usage),
            ]
        } else {
            probes.append(Fixed(.skipped("zoom", "Zoom", "no Zoom collector is enabled and no [zoom] credentials are set")))
        }
        let webhookSecret = config.webhook.secretToken
        probes += [
            WebhookSecretCheck(secretToken: webhookSecret, origin: inventory.origin(of: "webhook.secret_token")),
            WebhookListenerCheck(settings: config.http, webhookPath: config.webhook.path, http: environment.http),
            WebhookDeliveryCheck(secretToken: webhookSecret, toleranceSeconds: config.webhook.toleranceSeconds, now: environment.now),
        ]
        for (name, source) in config.sources.sorted(by: { $0.key < $1.key }) {
            guard source.enabled else {
                probes.append(Fixed(.skipped("sources.\(name)", "Live source \(name) (\(source.type))", "disabled")))
                continue
            }
            if let probe = Self.sourceCheck(name: name, source: source, config: config, session: zoomSession, environment: environment) { probes.append(probe) }
        }
        for (name, sink) in config.sinks.sorted(by: { $0.key < $1.key }) {
            guard sink.enabled else {
                probes.append(Fixed(.skipped("sinks.\(name)", "Sink \(name) (\(sink.type))", "disabled")))
                continue
            }
            if let probe = Self.sinkCheck(name: name, sink: sink, config: config, environment: environment) { probes.append(probe) }
        }
        probes += [
            StoreCheck(path: config.store.path, files: environment.files),
            PipelineRunsCheck(
                path: config.store.path, collectors: config.collectors, sinks: config.sinks, now: environment.now, files: environment.files),
            SystemdUnitCheck(services: environment.services),
        ]
        return probes
    }

    /// The check of a live source (`[sources.NAME]`), by type; nil for a type without one. Zoom's
    /// WebSocket: one handshake with the real token (`WebSocketSourceCheck`).
    static func sourceCheck(
        name: String, source: SourceConfig, config: ZoomDashConfig, session: ZoomProbeSession?, environment: DoctorEnvironment
    ) -> (any DoctorProbe)? {
        guard source.type == ZoomWebSocketSource.type, let settings = try? ZoomWebSocketSource.settings(from: source.section) else { return nil }
        let directory = (config.store.path as NSString).deletingLastPathComponent
        let logger = environment.logger
        return WebSocketSourceCheck(
            name: name, settings: settings, lockDirectory: directory.isEmpty ? "." : directory, session: session,
            probe: { settings, token in await WebSocketHandshakeProbe(settings: settings, logger: logger).run(token: token) })
    }

    /// The check of a sink, by type; nil for a type without one. The section was validated with the
    /// configuration, so its settings are read again without surprises.
    static func sinkCheck(name: String, sink: SinkConfig, config: ZoomDashConfig, environment: DoctorEnvironment) -> (any DoctorProbe)? {
        do {
            switch sink.type {
            case ZohoExporter.type:
                return ZohoSinkCheck(name: name, settings: try ZohoExporter.settings(from: sink.section), http: environment.http)
            case MattermostNotifier.type, SlackNotifier.type:
                let settings = sink.type == SlackNotifier.type
                    ? try SlackNotifier.settings(from: sink.section) : try MattermostNotifier.settings(from: sink.section)
                return ChatSinkCheck(
                    name: name, settings: settings, http: environment.http, sendTestMessage: environment.sendTestMessage, logger: environment.logger)
            case CSVExporter.type:
                let directory = try CSVExporter.settings(from: sink.section).directory ?? config.export.directory
                return FileSinkCheck(name: name, type: sink.type, directory: directory, files: environment.files)
            case EventLogNotifier.type:
                let path = try EventLogNotifier.settings(from: sink.section).path
                return FileSinkCheck(name: name, type: sink.type, directory: StoreCheck.directory(of: path), files: environment.files)
            default:
                return nil
            }
        } catch {
            return Fixed(.problem("sinks.\(name)", "Sink \(name) (\(sink.type))", error.description, fix: nil))
        }
    }
}

/// A check whose answer is known without looking (a disabled sink, Zoom not in use).
struct Fixed: DoctorProbe {
    let check: DoctorCheck
    init(_ check: DoctorCheck) { self.check = check }
    func examine() async -> DoctorCheck { check }
}
