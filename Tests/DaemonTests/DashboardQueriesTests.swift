import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Every query of the shipped Grafana dashboard, asked of a real Prometheus (Debian's package) that
/// scrapes a real zoomdashd: Grafana itself is not installable here, but what it would show is.
@Suite(.timeLimit(.minutes(5)))
struct DashboardQueriesTests {
    @Test func everyPanelQueryRunsAndTheLiveOnesHaveData() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        let now = Date()
        let people = ["Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox"]
        for person in people {
            #expect(try await daemon.post(Events.participant("meeting.participant_joined", name: person, time: now.addingTimeInterval(-600))).0 == 200)
        }
        for person in people.dropFirst() {
            let left = Events.participant(
                "meeting.participant_left", name: person, time: now.addingTimeInterval(-60),
                reason: "left the meeting. Reason : Network connection error. ")
            #expect(try await daemon.post(left).0 == 200)
        }
        #expect(await daemon.messages.next(containing: "3 disconnections") != nil)

        let prometheus = try PrometheusProcess(scraping: daemon.baseURL)
        defer { prometheus.stop() }
        // rate() and increase() need two samples in their window: wait for the third scrape.
        try await prometheus.waitUntil(#"count_over_time(up{job="zoomdash"}[1m]) >= 3"#)

        let dashboard = Binaries.packageRoot.appendingPathComponent("etc/grafana/dashboards/zoomdash.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dashboard)) as? [String: Any])
        var seriesByTitle: [String: Int] = [:]
        for panel in json["panels"] as? [[String: Any]] ?? [] {
            let title = panel["title"] as? String ?? "?"
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                let (status, series) = try await prometheus.query(target["expr"] as? String ?? "")
                #expect(status == "success", "\(title): \(target["expr"] ?? "")")
                seriesByTitle[title, default: 0] += series
            }
        }
        #expect(seriesByTitle["Live meetings / participants"] == 2)
        #expect(seriesByTitle["Disconnections per minute, by cause (live, from webhooks)"] ?? 0 >= 1)
        #expect(seriesByTitle["Since the last webhook event"] == 1)
        #expect(seriesByTitle["Webhook requests per second, by outcome"] ?? 0 >= 1)
    }
}

/// Debian's `prometheus` on a free loopback port, scraping one target every second.
final class PrometheusProcess: @unchecked Sendable {
    let process = Process()
    let directory: URL
    let base: String

    init(scraping target: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let host = target.replacingOccurrences(of: "http://", with: "")
        try """
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            scrape_configs:
              - job_name: zoomdash
                static_configs: [{ targets: ["\(host)"] }]
            """.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let port = try Self.freePort()
        base = "http://127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
        process.arguments = [
            "--config.file=\(directory.path)/prometheus.yml", "--storage.tsdb.path=\(directory.path)/data",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// `(status, number of series)` of an instant query; ("error", 0) while Prometheus is starting.
    func query(_ expression: String) async throws -> (String, Int) {
        var components = URLComponents(string: base + "/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: expression)]
        // `+` is a space in a query string: PromQL's `+` must go as %2B.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let (data, _) = try? await URLSession.shared.data(from: components.url!),
            let reply = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return ("error", 0) }
        let series = ((reply["data"] as? [String: Any])?["result"] as? [Any])?.count ?? 0
        return (reply["status"] as? String ?? "error", series)
    }

    func waitUntil(_ expression: String) async throws {
        for _ in 0..<300 {
            if try await query(expression).1 > 0 { return }
            try await Task.sleep(for: .milliseconds(100))  // an external process: nothing to wait on but its answers
        }
        throw HarnessError("Prometheus never answered \(expression)")
    }

    private static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw HarnessError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
