import Logging
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashPlatform
import ZoomDashStorage

/// Writes `disconnects.csv` and `incidents.csv` to `[export] directory` in a form Zoho Analytics imports
/// (header row, RFC 4180 quoting, `yyyy-MM-dd HH:mm:ss` UTC). Each file is replaced atomically.
public struct CSVSink: Sink {
    public let name = "csv"
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func export(_ context: ExportContext) async throws -> ExportReport {
        let disconnects = ExportTable.disconnects(try await context.store.disconnectionRecords(from: context.from, to: context.to))
        let incidents = ExportTable.incidents(try await context.store.incidentRecords(from: context.from, to: context.to))
        var report = ExportReport()
        for table in [disconnects, incidents] {
            let path = directory + "/" + table.name + ".csv"
            try AtomicFile.write(table.csv(), to: path)
            report.rows[table.name + ".csv"] = table.rows.count
            context.logger.info("exported", metadata: ["sink": "csv", "export.file": "\(path)", "export.rows": "\(table.rows.count)"])
        }
        return report
    }

    /// Rewrites `presence.csv` (called by the daemon whenever a watched room changes).
    public func writePresence(_ entries: [PresenceEntry], watch: [String]) throws {
        try AtomicFile.write(ExportTable.presence(entries, watch: watch).csv(), to: directory + "/presence.csv")
    }
}
