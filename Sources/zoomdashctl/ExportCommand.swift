import ArgumentParser
import Foundation
import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashPlatform
import ZoomDashPlugins
import ZoomDashStorage

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export disconnections, incidents, call quality or alerts as CSV (Zoho-importable) or JSON Lines.",
        discussion: "Times are UTC: ISO 8601 with Z in JSON Lines, yyyy-MM-dd HH:mm:ss in CSV.")

    enum Table: String, ExpressibleByArgument, CaseIterable {
        case disconnects
        case incidents
        case presence
        case quality
        case qos
        case alerts
    }

    @OptionGroup var options: GlobalOptions

    @Argument(
        help: """
            What to export: disconnects, incidents, presence (the watched rooms, allowlisted names only), quality (call \
            quality per meeting), qos (raw per-minute samples), or alerts (meeting.alert issues). Not with --sink.
            """)
    var table: Table?

    @Option(help: "Upload to this configured exporter ([sinks.NAME], like zoho) instead of printing a table.")
    var sink: String?

    @Option(help: "Only items at or after this time (YYYY-MM-DD or ISO 8601).")
    var from: String?

    @Option(help: "Only items before this time (YYYY-MM-DD is exclusive: the day itself is not included).")
    var to: String?

    @Option(help: "csv or jsonl.")
    var format: ExportFormat = .csv

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    func run() async throws {
        do {
            let environment = try CommandEnvironment(options)
            let start = try from.map { try parseTime($0, option: "--from") }
            let end = try to.map { try parseTime($0, option: "--to") }
            if let sink {
                guard table == nil else { throw CommandLineError("give either a table or --sink \(sink), not both") }
                try await upload(to: sink, environment: environment, from: start, to: end)
                return
            }
            guard let table else { throw CommandLineError("say what to export: \(Table.allCases.map(\.rawValue).joined(separator: ", ")), or --sink NAME") }
            let store = try environment.openStore(readOnly: true)
            let exported: ExportTable
            switch table {
            case .disconnects: exported = .disconnects(try await store.disconnectionRecords(from: start, to: end))
            case .incidents: exported = .incidents(try await store.incidentRecords(from: start, to: end))
            case .presence:
                let presence = environment.config.presence
                let entries = try await store.presence(meetingIDs: presence.meetingIDs, now: Int64(Date().timeIntervalSince1970))
                exported = .presence(entries, watch: presence.watch)
                let summary = PresenceSummary(entries)
                FileHandle.standardError.write(Data("\(summary.inRoom) of \(summary.seen) people seen are in the watched rooms now; only allowlisted names are listed\n".utf8))
            case .quality: exported = .quality(try await store.qualityRecords(from: start, to: end))
            case .alerts: exported = .alerts(try await store.alertRecords(from: start, to: end))
            case .qos:
                var samples: [QualitySample] = []
                var names: [String: String] = [:]
                try await store.forEachQualitySamples(from: start, to: end) { meeting, meetingNames in
                    samples += meeting
                    names.merge(meetingNames) { first, _ in first }
                }
                exported = .qos(samples, names: names)
            }
            let text = exported.render(format)
            if let output {
                try AtomicFile.write(text, to: output)
            } else {
                print(text, terminator: "")
            }
        } catch {
            throw fail(error)
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}

extension ExportCommand {
    /// Runs one configured exporter by hand over `[from, to)` (a range upload changes rows, it
    /// deletes none), printing its progress and what it sent.
    func upload(to name: String, environment: CommandEnvironment, from: UnixSeconds?, to: UnixSeconds?) async throws {
        let config = environment.config
        guard let sink = config.sinks[name], StandardPlugins.kind(ofSink: sink.type) == .exporter else {
            let exporters = config.sinks.filter { StandardPlugins.kind(ofSink: $0.value.type) == .exporter }.keys.sorted()
            throw CommandLineError("no exporter [sinks.\(name)] in the config (exporters: \(exporters.isEmpty ? "none" : exporters.joined(separator: ", ")))")
        }
        let store = try environment.openStore(readOnly: false)
        let reader = try environment.openStore(readOnly: true)
        let dependencies = ExporterDependencies(
            defaultDirectory: config.export.directory, presence: config.presence,
            http: CurlHTTPClient(maxConcurrentRequests: 2), logger: environment.logger, store: store)
        let exporter = try StandardPlugins.exporters.make(name: name, type: sink.type, section: sink.section, dependencies: dependencies)
        let now = Int64(Date().timeIntervalSince1970)
        let logger = environment.logger
        let started = now
        let report = try await exporter.export(
            ExportContext(store: reader, from: from, to: to, now: now, logger: logger, progress: { logger.info("upload progress: \($0)") }))
        try await store.recordSinkRun(
            SinkRun(sink: name, startedAt: started, finishedAt: Int64(Date().timeIntervalSince1970), result: report.problems.isEmpty ? .ok : .partial,
                    rows: report.totalRows, error: report.problems.first))
        for (table, rows) in report.rows.sorted(by: { $0.key < $1.key }) { print("\(name): \(table): \(rows) rows sent") }
        for problem in report.problems { print("  problem: \(problem)") }
        if !report.problems.isEmpty { throw ExitCode(ExitCodes.tryAgainLater) }
    }
}
