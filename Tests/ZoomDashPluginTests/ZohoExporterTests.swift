import Foundation
import Synchronization
import Testing
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
@testable import ZoomDashSinks
import ZoomDashStorage
import ZoomDashZoomAPI
import ZoomSimKit

/// The Zoho exporter against the fake Zoho Analytics over HTTP, on a store filled from zoomsim.
@Suite(.timeLimit(.minutes(5)))
struct ZohoExporterTests {
    static let workspace = "ZoomDash"

    static func section(_ baseURL: String, extra: [String: ConfigValue] = [:]) -> ConfigSection {
        var values: [String: ConfigValue] = [
            "accounts_url": .string(baseURL), "api_url": .string(baseURL), "org_id": .string("60001234"), "workspace": .string(workspace),
            "client_id": .string("zoho-client"), "client_secret": .string("zoho-secret"), "refresh_token": .string("zoho-refresh"),
            "batch_rows": .integer(100),
        ]
        values.merge(extra) { $1 }
        return ConfigSection(file: "test.toml", path: "sinks.zoho", values: values)
    }

    static func exporter(
        _ baseURL: String, store: ZoomDashStore, extra: [String: ConfigValue] = [:], clock: VirtualClock = VirtualClock()
    ) throws -> ZohoExporter {
        let settings = try ZohoExporter.settings(from: section(baseURL, extra: extra))
        let dependencies = ExporterDependencies(
            defaultDirectory: "/tmp", presence: PresenceSettings(), http: CurlHTTPClient(), logger: PluginHarness.logger, store: store)
        // Zoho's back-off waits and its per-minute window pass on a clock the test moves, shared with the fake.
        return ZohoExporter(name: "zoho", settings: settings, dependencies: dependencies, now: { clock.now }, sleep: { clock.advance($0) })
    }

    /// A store with the PluginHarness scenario's participants, QoS, analysis.
    static func filledStore() async throws -> ZoomDashStore {
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: PluginHarness.scenarioOptions))
        return try await simulator.withRunningServer { baseURL in
            let config = PluginHarness.config(baseURL: baseURL, source: .dashboard)
            let store = try ZoomDashStore(path: config.store.path)
            try await PluginHarness.prepare(QualityCollector.type, config: config, store: store)
            _ = try await PluginHarness.collector(QualityCollector.type, config: config, store: store).collect(PluginHarness.context())
            return store
        }
    }

    func context(_ store: ZoomDashStore) -> ExportContext {
        ExportContext(store: store, now: Int64(Date().timeIntervalSince1970), logger: PluginHarness.logger)
    }

    /// What the fake holds, as `row_key` → row, per table.
    static func held(_ zoho: FakeZoho, _ table: ZohoTable) -> [String: [String: String]] {
        Dictionary(zoho.rows(workspace: workspace, table: table.rawValue).map { ($0["row_key"] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The store's rows of a table as the exporter renders them (the ground truth of the upload).
    static func expected(_ store: ZoomDashStore, _ table: ZohoTable) async throws -> Set<String> {
        var keys: Set<String> = []
        try await ZohoRowPages(table: table, store: store, from: nil, to: nil).forEach { page in
            for row in page { keys.insert(ZohoRow.keyText(row.keyHash)) }
        }
        return keys
    }

    @Test func anUploadEqualsTheStoreAndASecondSendsNothing() async throws {
        let store = try await Self.filledStore()
        let zoho = FakeZoho()
        try await zoho.withRunningServer { baseURL in
            let exporter = try Self.exporter(baseURL, store: store)
            let first = try await exporter.export(context(store))
            #expect(first.problems.isEmpty, "\(first.problems)")
            for table in ZohoTable.allCases {
                let expected = try await Self.expected(store, table)
                #expect(Set(Self.held(zoho, table).keys) == expected, "\(table)")
                #expect(first.rows[table.rawValue] == expected.count)
            }
            let drops = try await store.disconnectionRecords()
            let names = Set(Self.held(zoho, .disconnections).values.map { "\($0["meeting_uuid"] ?? "")|\($0["participant_name"] ?? "")|\($0["time"] ?? "")" })
            #expect(names == Set(drops.map { "\($0.meetingUUID)|\($0.participantName)|\(ZoomTime.zohoDateTime($0.time))" }))
            #expect(zoho.tables(workspace: Self.workspace)[ZohoTable.incidents.rawValue]?.contains { $0.name == "start" && $0.type == "DATE" } == true)

            let second = try await exporter.export(context(store))
            #expect(second.totalRows == 0 && second.problems.isEmpty)
        }
    }

    @Test func aReanalysisWithStricterThresholdsUpdatesAndDeletesTheRightRows() async throws {
        let store = try await Self.filledStore()
        let zoho = FakeZoho()
        try await zoho.withRunningServer { baseURL in
            let exporter = try Self.exporter(baseURL, store: store)
            _ = try await exporter.export(context(store))
            var strict = AnalysisThresholds()
            strict.collectiveMinParticipants = 6
            strict.quality.poorLatencyMs = 100
            try await AnalysisRunner(thresholds: strict).reanalyseAll(in: store)
            let after = try await exporter.export(context(store))
            #expect(after.problems.isEmpty, "\(after.problems)")
            for table in ZohoTable.allCases {
                #expect(Set(Self.held(zoho, table).keys) == (try await Self.expected(store, table)), "\(table)")
            }
            let incidents = try await store.incidentRecords()
            #expect(Self.held(zoho, .incidents).values.map { $0["cause"] ?? "" }.sorted() == incidents.map(\.cause.rawValue).sorted())
        }
    }

    @Test func expiredTokensRateLimitsAndServerErrorsLoseAndDuplicateNothing() async throws {
        let store = try await Self.filledStore()
        let clock = VirtualClock()
        let zoho = FakeZoho(
            config: FakeZohoConfig(perMinuteLimit: 3, failFirstImports: 3, invalidateTokensAfter: 4, clock: { Date(timeIntervalSince1970: clock.now) }))
        try await zoho.withRunningServer { baseURL in
            let exporter = try Self.exporter(baseURL, store: store, clock: clock)
            var report = try await exporter.export(context(store))
            // The per-minute limit and server errors may leave work for the next run: never lose it.
            for _ in 0..<5 where !report.problems.isEmpty { report = try await exporter.export(context(store)) }
            #expect(report.problems.isEmpty, "\(report.problems)")
            for table in ZohoTable.allCases {
                let rows = zoho.rows(workspace: Self.workspace, table: table.rawValue)
                #expect(rows.count == Set(rows.map { $0["row_key"] ?? "" }).count, "no duplicates in \(table)")
                #expect(Set(rows.map { $0["row_key"] ?? "" }) == (try await Self.expected(store, table)), "\(table)")
            }
            let stats = zoho.stats
            #expect(stats.errorsByCode[8535] ?? 0 > 0 && stats.errorsByCode[6045] ?? 0 > 0, "\(stats)")
        }
    }

    @Test func anUploadCutShortResumesWithoutDuplicates() async throws {
        let store = try await Self.filledStore()
        let zoho = FakeZoho()
        try await zoho.withRunningServer { baseURL in
            let exporter = try Self.exporter(baseURL, store: store)
            let (events, continuation) = AsyncStream.makeStream(of: String.self)
            var cutContext = context(store)
            cutContext.progress = { continuation.yield($0) }
            let cut = cutContext
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await exporter.export(cut) }
                for await line in events where line.contains("rows sent") && !line.hasSuffix(": 0 rows sent") {
                    group.cancelAll()
                    break
                }
            }
            continuation.finish()
            _ = try await exporter.export(context(store))
            for table in ZohoTable.allCases {
                let rows = zoho.rows(workspace: Self.workspace, table: table.rawValue)
                #expect(rows.count == Set(rows.map { $0["row_key"] ?? "" }).count, "no duplicates in \(table)")
                #expect(Set(rows.map { $0["row_key"] ?? "" }) == (try await Self.expected(store, table)), "\(table)")
            }
        }
    }

    @Test func badCredentialsAndAnUnknownWorkspaceSayWhatToFix() async throws {
        let store = try ZoomDashStore(path: PluginHarness.temporaryPath("zoomdash.sqlite"))
        let zoho = FakeZoho()
        try await zoho.withRunningServer { baseURL in
            let wrong = try Self.exporter(baseURL, store: store, extra: ["refresh_token": .string("revoked")])
            await #expect(throws: SinkError.self) { _ = try await wrong.export(context(store)) }
            let elsewhere = try Self.exporter(baseURL, store: store, extra: ["workspace": .string("Nope")])
            do {
                _ = try await elsewhere.export(context(store))
                Issue.record("expected an error")
            } catch {
                #expect("\(error)".contains("no Zoho Analytics workspace \"Nope\""), "\(error)")
                #expect("\(error)".contains("ZoomDash"))
            }
        }
    }

    @Test(arguments: [
        (["data_centre": ConfigValue.string("mars")], "sinks.zoho.data_centre"),
        (["org_id": ConfigValue.string("")], "sinks.zoho.org_id"),
        (["tables": ConfigValue.array([.string("disconnects")])], "sinks.zoho.tables"),
        (["api_url": ConfigValue.string("analyticsapi.zoho.eu")], "sinks.zoho.api_url"),
        (["batch_rows": ConfigValue.integer(10)], "sinks.zoho.batch_rows"),
    ])
    func badSettingsNameTheirKey(values: [String: ConfigValue], key: String) {
        #expect(throws: ConfigError.self) { _ = try ZohoExporter.settings(from: Self.section("https://x", extra: values)) }
        do {
            _ = try ZohoExporter.settings(from: Self.section("https://x", extra: values))
        } catch {
            #expect(error.key == key)
        }
    }

    @Test func theDataCentreSetsBothHostsAndSecretsComeFromTheEnvironmentOrCredentials() throws {
        var section = ConfigSection(
            file: "z.toml", path: "sinks.zoho",
            values: ["data_centre": .string("eu"), "org_id": .string("1"), "workspace": .string("W"), "client_id": .string("c")])
        section.secrets = SecretLookup(environment: ["ZOHO_CLIENT_SECRET": "s", "ZOHO_REFRESH_TOKEN": "r"])
        let settings = try ZohoExporter.settings(from: section)
        #expect(settings.accountsURL == "https://accounts.zoho.eu" && settings.apiURL == "https://analyticsapi.zoho.eu")
        #expect(settings.clientSecret == "s" && settings.refreshToken == "r")
        section.secrets = SecretLookup()
        #expect(throws: ConfigError.self) { _ = try ZohoExporter.settings(from: section) }
    }
}

/// Time for the exporter and the fake Zoho, moved by the exporter's waits.
final class VirtualClock: Sendable {
    private let time = Mutex(Date().timeIntervalSince1970)
    var now: Double { time.withLock { $0 } }
    func advance(_ seconds: Double) { time.withLock { $0 += max(seconds, 0.001) } }
}
