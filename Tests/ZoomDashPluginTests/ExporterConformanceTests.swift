import Foundation
import Testing
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashSinks
import ZoomDashStorage

/// The contract of ``Exporter`` (see `Exporter.swift`), checked for every registered exporter type.
@Suite struct ExporterConformanceTests {
    static func populatedStore() async throws -> ZoomDashStore {
        let store = try ZoomDashStore(path: PluginHarness.temporaryPath("zoomdash.sqlite"))
        let meeting = MeetingInstance(uuid: "/ab//c==", meetingID: 81_234_567_890, topic: "Class 7B, \"maths\"", startTime: 0, endTime: 3600, source: .dashboard)
        try await store.upsertMeetings([meeting], monitored: { _ in true }, now: 1)
        let sessions = (0..<4).flatMap { index -> [ParticipantSession] in
            let key = "name:p\(index)"
            return [
                ParticipantSession(meetingUUID: meeting.uuid, participantKey: key, joinTime: 0, leaveTime: 1000 + Int64(index),
                                   name: "P \(index)", leaveReason: "got disconnected from the meeting. Reason : Client Close.", source: .dashboard),
                ParticipantSession(meetingUUID: meeting.uuid, participantKey: key, joinTime: 1030, leaveTime: 3600,
                                   name: "P \(index)", leaveReason: "Host ended the meeting.", source: .dashboard),
            ]
        }
        try await store.storeParticipants(meetingUUID: meeting.uuid, sessions: sessions, fetchedAt: 2)
        try await AnalysisRunner(thresholds: AnalysisThresholds()).analyse(meetingUUIDs: [meeting.uuid], in: store)
        return store
    }

    /// A section every exporter type accepts in tests: a directory for those that write files.
    static func section(_ type: String, directory: String) -> ConfigSection {
        ConfigSection(file: "test.toml", path: "sinks.test", values: type == CSVExporter.type ? ["directory": .string(directory)] : [:])
    }

    static func exporter(_ type: String, directory: String) throws -> any Exporter {
        let dependencies = ExporterDependencies(
            defaultDirectory: directory, presence: PresenceSettings(), http: CurlHTTPClient(), logger: PluginHarness.logger)
        return try SinkCatalog.exporters.make(name: "test", type: type, section: section(type, directory: directory), dependencies: dependencies)
    }

    /// Exporters that publish files; remote-table ones (zoho) send only changes, and
    /// `ZohoExporterTests` holds them to that against the fake Zoho.
    static let fileExporters = SinkCatalog.exporters.types.filter { $0 != ZohoExporter.type }

    @Test(arguments: fileExporters)
    func exportingTwicePublishesTheSameAndLeavesNoTemporaryFiles(type: String) async throws {
        let directory = PluginHarness.temporaryPath("export")
        let exporter = try Self.exporter(type, directory: directory)
        let store = try await Self.populatedStore()
        let context = ExportContext(store: store, now: 10_000, logger: PluginHarness.logger)
        let first = try await exporter.export(context)
        let snapshot = try Self.files(in: directory)
        let second = try await exporter.export(context)
        #expect(first == second)
        #expect(try Self.files(in: directory) == snapshot)
        #expect(!snapshot.keys.contains { $0.hasPrefix(".") })
        #expect(first.totalRows > 0)
        #expect(first.problems.isEmpty)
    }

    @Test(arguments: fileExporters)
    func publishesOnlyTheTablesItIsAskedFor(type: String) async throws {
        let exporter = try Self.exporter(type, directory: PluginHarness.temporaryPath("export"))
        let report = try await exporter.export(ExportContext(store: try await Self.populatedStore(), tables: [.presence], now: 10_000, logger: PluginHarness.logger))
        #expect(report.rows.count == 1)
    }

    @Test(arguments: SinkCatalog.exporters.types)
    func anUnknownKeyInItsSectionIsAConfigurationErrorNamingTheKey(type: String) {
        let section = ConfigSection(file: "z.toml", path: "sinks.x", values: ["colour": .string("blue")], lines: ["colour": 7])
        #expect(throws: ConfigError.self) { try SinkCatalog.exporters.validate(type: type, section: section) }
        do {
            try SinkCatalog.exporters.validate(type: type, section: section)
        } catch {
            #expect(error.description.hasPrefix("z.toml:7: sinks.x.colour: unknown key"))
        }
    }

    static func files(in directory: String) throws -> [String: Data] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return Dictionary(uniqueKeysWithValues: try names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0))) })
    }

    @Test func csvWritesZohoReadyFiles() async throws {
        let directory = PluginHarness.temporaryPath("export")
        let report = try await Self.exporter(CSVExporter.type, directory: directory).export(
            ExportContext(store: try await Self.populatedStore(), now: 10_000, logger: PluginHarness.logger))
        #expect(report.rows == ["disconnects.csv": 4, "incidents.csv": 1, "presence.csv": 0])
        let incidents = try String(contentsOfFile: directory + "/incidents.csv", encoding: .utf8)
        #expect(incidents.hasPrefix("incident_id,scope,meeting_uuid,meeting_id,topic,start,end,dropped,present,meetings,cause,dropped_poor,dropped_with_data,others_poor,others_with_data,data_centres,network_types,alerts\r\n"))
        #expect(incidents.contains(",meeting,/ab//c==,81234567890,\"Class 7B, \"\"maths\"\"\",1970-01-01 00:16:40,1970-01-01 00:16:43,4,4,,unknown,0,0,0,0,,,\r\n"))
    }

    @Test func anUnwritableDirectoryFailsWithoutTouchingOldFiles() async throws {
        let store = try await Self.populatedStore()
        let blocker = PluginHarness.temporaryPath("file")
        try FileManager.default.createDirectory(atPath: (blocker as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        await #expect(throws: (any Error).self) {
            _ = try await Self.exporter(CSVExporter.type, directory: blocker + "/sub").export(ExportContext(store: store, now: 10_000, logger: PluginHarness.logger))
        }
        #expect(try String(contentsOfFile: blocker, encoding: .utf8) == "x")
    }
}
