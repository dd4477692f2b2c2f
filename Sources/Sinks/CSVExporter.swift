import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashPlatform
import ZoomDashStorage

/// `[sinks.NAME] type = "csv"`: writes `disconnects.csv`, `incidents.csv` and `presence.csv` into a
/// directory, in the form Zoho Analytics imports (header row, RFC 4180 quoting, `yyyy-MM-dd HH:mm:ss`
/// UTC). Each file is replaced atomically. Keys: `directory` (default `[export] directory`).
public struct CSVExporter: Exporter, PluginType {
    public static let type = "csv"

    public struct Settings: Sendable {
        public var directory: String?
    }

    public let name: String
    public let directory: String
    private let presence: PresenceSettings

    public static func settings(from section: ConfigSection) throws(ConfigError) -> Settings {
        try section.rejectUnknownKeys(["directory"])
        let directory = try section.string("directory")
        if let directory, !directory.hasPrefix("/") {
            throw section.error("directory", "must be an absolute path, like \"/var/lib/zoomdash/export\"")
        }
        return Settings(directory: directory)
    }

    public init(name: String, settings: Settings, dependencies: ExporterDependencies) {
        self.name = name
        directory = settings.directory ?? dependencies.defaultDirectory
        presence = dependencies.presence
    }

    public func export(_ context: ExportContext) async throws -> ExportReport {
        var tables: [ExportTable] = []
        for table in context.tables.sorted() {
            switch table {
            case .disconnections:
                tables.append(.disconnects(try await context.store.disconnectionRecords(from: context.from, to: context.to)))
            case .incidents:
                tables.append(.incidents(try await context.store.incidentRecords(from: context.from, to: context.to)))
            case .presence:
                tables.append(.presence(try await context.store.presence(meetingIDs: presence.meetingIDs, now: context.now), watch: presence.watch))
            }
        }
        var report = ExportReport()
        for table in tables {
            let path = directory + "/" + table.name + ".csv"
            try AtomicFile.write(table.csv(), to: path)
            report.rows[table.name + ".csv"] = table.rows.count
            context.logger.debug("exported", metadata: ["sink": "\(name)", "export.file": "\(path)", "export.rows": "\(table.rows.count)"])
        }
        return report
    }
}
