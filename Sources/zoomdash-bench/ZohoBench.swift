import Foundation
import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashSinks
import ZoomDashStorage

/// An upload of 1,000,000 disconnection rows to the fake Zoho Analytics (`zoomsim zoho`, its own
/// process, so this process's peak memory is the exporter's): rows/s, import calls, peak memory; then
/// a second run that finds nothing changed.
enum ZohoBench {
    static let rows = Int(ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_ZOHO_ROWS"] ?? "") ?? 1_000_000

    static func run() async throws {
        let path = NSTemporaryDirectory() + "zoomdash-bench-zoho-\(getpid()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let store = try ZoomDashStore(path: path)
        var batch: [Disconnection] = []
        for index in 0..<rows {
            batch.append(
                Disconnection(
                    meetingUUID: "M\(index / 25)", participantKey: "uuid:P\(index % 25)", participantName: "Person \(index % 25)",
                    time: 1_790_000_000 + Int64(index), reason: index % 3 == 0 ? .client : .network,
                    leaveReason: "got disconnected from the meeting. Reason : Network connection error.", rejoinedAfterSeconds: 30,
                    lostSeconds: 30, source: .dashboard))
            if batch.count == 50_000 {
                try await store.insertDisconnections(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        batch = []
        let filledMemory = Machine.peakMemoryMiB
        let (zoho, baseURL) = try startFakeZoho()
        defer { zoho.terminate() }
        var section = ConfigSection(
            file: "bench", path: "sinks.zoho",
            values: [
                "accounts_url": .string(baseURL), "api_url": .string(baseURL), "org_id": .string("60001234"), "workspace": .string("ZoomDash"),
                "client_id": .string("zoho-client"), "tables": .array([.string("disconnections")]), "daily_units": .integer(1_000_000),
                "calls_per_minute": .integer(100),
                "batch_rows": .integer(Int(ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_BATCH_ROWS"] ?? "") ?? 20_000),
            ])
        section.secrets = SecretLookup(environment: ["ZOHO_CLIENT_SECRET": "zoho-secret", "ZOHO_REFRESH_TOKEN": "zoho-refresh"])
        let settings = try ZohoExporter.settings(from: section)
        let logger = Logger(label: "bench")
        let exporter = ZohoExporter(
            name: "zoho", settings: settings,
            dependencies: ExporterDependencies(defaultDirectory: "/tmp", presence: PresenceSettings(), http: CurlHTTPClient(), logger: logger, store: store))
        let reader = try ZoomDashStore(path: path, readOnly: true)
        let context = ExportContext(store: reader, now: Int64(Date().timeIntervalSince1970), logger: logger)
        // CPU seconds, ours and the fake's: a busy machine slows the wall clock, not these.
        let cpuBefore = (Machine.cpuSeconds(pid: getpid()), Machine.cpuSeconds(pid: zoho.processIdentifier))
        let (first, seconds) = try await measure { try await exporter.export(context) }
        let firstRunMemory = Machine.peakMemoryMiB
        let exporterCPU = Machine.cpuSeconds(pid: getpid()) - cpuBefore.0
        let fakeCPU = Machine.cpuSeconds(pid: zoho.processIdentifier) - cpuBefore.1
        let (second, again) = try await measure { try await exporter.export(context) }
        report("zoho", [
            ("rows", "\(first.rows["disconnections"] ?? 0)"), ("seconds", format(seconds)),
            ("rows_per_s", format(Double(first.rows["disconnections"] ?? 0) / seconds, 0)),
            ("exporter_cpu_s", format(exporterCPU)), ("fake_zoho_cpu_s", format(fakeCPU)),
            ("imports", "\((rows + settings.batchRows - 1) / settings.batchRows)"), ("batch_rows", "\(settings.batchRows)"),
            ("problems", "\(first.problems.count + second.problems.count)"), ("second_run_rows", "\(second.totalRows)"),
            ("second_run_seconds", format(again)), ("peak_rss_mib", format(Machine.peakMemoryMiB, 0)),
            ("peak_rss_mib_first_run", format(firstRunMemory, 0)),
            ("rss_after_filling_store_mib", format(filledMemory, 0)),
        ])
    }

    /// `zoomsim zoho --port 0` beside this binary; its first line names its base URL.
    static func startFakeZoho() throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("zoomsim")
        process.arguments = ["zoho", "--port", "0", "--daily-units", "10000000"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchError("zoomsim zoho printed no URL") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        guard let start = line.range(of: "http://") else { throw BenchError("zoomsim zoho printed no URL: \(line)") }
        return (process, String(line[start.lowerBound...]).trimmingCharacters(in: .whitespaces))
    }
}
