import Foundation
import Logging
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashZoomAPI
import ZoomSimKit

/// Builds real plugins against an in-process zoomsim and a temporary SQLite store.
struct PluginHarness {
    static let scenarioOptions = ScenarioOptions(seed: 11, days: 4, hosts: 2, classesPerHostPerDay: 2)
    static let logger = Logger(label: "plugin-tests")

    static func config(baseURL: String, source: ParticipantSource, secret: String = "sim-secret") -> ZoomDashConfig {
        var config = ZoomDashConfig()
        config.zoom.accountID = "sim-account"
        config.zoom.clientID = "sim-client"
        config.zoom.clientSecret = secret
        config.zoom.apiURL = baseURL + "/v2"
        config.zoom.oauthURL = baseURL + "/oauth/token"
        config.zoom.source = source
        config.store.path = temporaryPath("zoomdash.sqlite")
        config.export.directory = temporaryPath("export")
        return config
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("zd-plugin-\(UUID().uuidString)/\(name)").path
    }

    static func collector(_ type: String, config: ZoomDashConfig, store: ZoomDashStore) throws -> any Collector {
        let budget = RequestBudget(plan: config.zoom.plan, clock: ContinuousClock(), unixNow: Date().timeIntervalSince1970)
        let client = ZoomAPIClient(settings: config.zoom, http: CurlHTTPClient(), budget: budget, logger: logger)
        let dependencies = CollectorDependencies(
            store: store, client: client, meetings: MeetingFilter(config.meetings), thresholds: config.analysis, zoom: config.zoom)
        return try CollectorCatalog.standard.make(
            name: "test", type: type, section: ConfigSection(file: "test.toml", path: "collectors.test"), dependencies: dependencies)
    }

    /// Which Zoom APIs a collector type can work with: QoS exists on the Dashboard only (with the
    /// Report API it says so and fetches nothing: `QualityCollectorTests`).
    static func sources(for type: String) -> [ParticipantSource] {
        type == QualityCollector.type ? [.dashboard] : [.dashboard, .report]
    }

    /// What a collector needs in the store before it has work: QoS is fetched for meetings whose
    /// participants are there.
    static func prepare(_ type: String, config: ZoomDashConfig, store: ZoomDashStore) async throws {
        guard type != ParticipantsCollector.type else { return }
        _ = try await collector(ParticipantsCollector.type, config: config, store: store).collect(context())
    }

    /// The scenario's days, as a collection window.
    static func context(progress: (@Sendable (CollectionProgress) -> Void)? = nil) -> CollectionContext {
        let now = Int64(Date().timeIntervalSince1970)
        let end = now - now % 86_400
        return CollectionContext(
            from: end - Int64(scenarioOptions.days) * 86_400, to: end, now: now, logger: logger, progress: progress)
    }
}
