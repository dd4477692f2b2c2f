import Foundation
import Testing
import ZoomDashSinks

/// The shipped Grafana dashboard (etc/grafana): Grafana is not installable here, so its file is
/// checked the way Grafana's provisioning reads it, and each query by Prometheus's own parser.
@Suite struct GrafanaDashboardTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc/grafana")

    func dashboard() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("dashboards/zoomdash.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func expressions() throws -> [String] {
        let panels = try #require(try dashboard()["panels"] as? [[String: Any]])
        return panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
    }

    @Test func panelsAreProvisionable() throws {
        let dashboard = try dashboard()
        #expect(dashboard["id"] is NSNull, "a provisioned dashboard has no id")
        #expect((dashboard["uid"] as? String)?.count ?? 0 >= 8)
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        #expect(!panels.isEmpty)
        #expect(Set(panels.compactMap { $0["id"] as? Int }).count == panels.count, "panel ids are unique")
        for panel in panels {
            #expect(panel["gridPos"] is [String: Any])
            #expect((panel["datasource"] as? [String: Any])?["uid"] as? String == "prom", "the provisioned data source's uid")
            #expect(!((panel["targets"] as? [Any]) ?? []).isEmpty)
        }
        let datasource = try String(contentsOf: Self.root.appendingPathComponent("provisioning/datasources/prometheus.yaml"), encoding: .utf8)
        #expect(datasource.contains("uid: prom"))
    }

    /// Every metric a query names is one zoomdashd exports (a renamed metric would leave a panel empty).
    @Test func queriesNameOnlyExportedMetrics() throws {
        let exported = Set(
            String(decoding: ZoomDashMetrics(collectors: ["participants"]).render(), as: UTF8.self)
                .split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) })
        let named = try expressions().flatMap { expr in
            expr.matches(of: /zoomdash_[a-z_]+/).map { String($0.output) }
        }
        #expect(!named.isEmpty)
        #expect(Set(named).subtracting(exported).isEmpty, "not exported: \(Set(named).subtracting(exported).sorted())")
    }

    /// `promtool check rules` parses each query as Prometheus would, offline.
    @Test func queriesParseInPromQL() throws {
        let rules = try expressions().enumerated().map { index, expr in
            "      - record: zoomdash:dashboard_query_\(index)\n        expr: '\(expr.replacingOccurrences(of: "'", with: "''"))'"
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zd-dashboard-\(UUID().uuidString).yml")
        try ("groups:\n  - name: dashboard\n    rules:\n" + rules.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let promtool = Process()
        promtool.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        promtool.arguments = ["check", "rules", file.path]
        let output = Pipe()
        promtool.standardOutput = output
        promtool.standardError = output
        try promtool.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        promtool.waitUntilExit()
        #expect(promtool.terminationStatus == 0, "\(text)")
        #expect(text.contains("SUCCESS: \(rules.count) rules found"), "\(text)")
    }
}
