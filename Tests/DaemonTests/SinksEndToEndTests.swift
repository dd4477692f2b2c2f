import Foundation
import Testing
import ZoomSimKit

/// Exporters and notifiers in the real daemon: the CSV files and the event log follow the analysis,
/// once per incident, across a kill -9 and a `reanalyze`.
@Suite(.timeLimit(.minutes(5)))
struct SinksEndToEndTests {
    /// Waits for a file the daemon's sink service writes (it runs on its own timer: nothing to wait
    /// on but the file), at most `seconds`.
    func contents(_ path: String, containing text: String, seconds: Double = 20) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let contents = try? String(contentsOfFile: path, encoding: .utf8), contents.contains(text) { return contents }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("\(path) has no \(text) after \(seconds) s")
    }

    @Test func incidentEventsReachTheEventLogOnceAndCSVFilesFollowTheAnalysis() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-sinks-\(UUID().uuidString)")
        let events = directory.appendingPathComponent("events.jsonl").path
        let extra = """
            [sinks.csv]
            change_delay = "1s"
            [sinks.events]
            type = "event-log"
            path = "\(events)"
            """
        let first = try DaemonProcess(extraConfig: extra, reusing: directory)
        _ = try await first.start()
        #expect(try await first.postCollectiveDrop(now: Date()) == Array(repeating: 200, count: 10))
        // A pass may see the first drops only: the incident is opened then, and updated as it grows.
        let log = try await contents(events, containing: #""dropped":5,"#)
        #expect(log.components(separatedBy: "incident.opened").count == 2, "one incident opened once: \(log)")
        let csv = try await contents(directory.appendingPathComponent("export/incidents.csv").path, containing: ",meeting,")
        #expect(csv.hasPrefix("incident_id,scope,"))

        // Killed and restarted, then re-analysed with the same thresholds: nothing is sent again.
        kill(first.process.processIdentifier, SIGKILL)
        await first.process.exited()
        let second = try DaemonProcess(extraConfig: extra, reusing: directory)
        _ = try await second.start()
        let (_, metrics, _) = try await second.get("/metrics")
        #expect(metrics.contains(#"zoomdash_sink_runs_total{sink="events",result="ok"}"#))
        kill(second.process.processIdentifier, SIGTERM)
        await second.process.exited()
        let reanalysed = try await run(Binaries.path("zoomdashctl"), ["reanalyze", "--config", second.configPath])
        #expect(reanalysed.0 == 0, "\(reanalysed.2)")
        let third = try DaemonProcess(extraConfig: extra, reusing: directory)
        _ = try await third.start()
        let status = try await run(Binaries.path("zoomdashctl"), ["status", "--config", third.configPath])
        #expect(status.1.contains("Sink         events:"), "\(status.1)")
        #expect(status.1.contains("0 events waiting"), "\(status.1)")
        #expect(try String(contentsOfFile: events, encoding: .utf8) == log, "the same incident, the same id: no new event")
        let incidents = try await run(Binaries.path("zoomdashctl"), ["export", "incidents", "--config", third.configPath])
        let id = log.split(separator: ",").first { $0.hasPrefix(#""incident_id":"#) }.map { $0.dropFirst(#""incident_id":"#.count) }
        #expect(id.map { incidents.1.contains("\n\($0),meeting,") } == true, "\(incidents.1)")
    }
}
