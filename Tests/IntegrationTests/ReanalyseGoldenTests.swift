import Foundation
import Testing

/// `zoomdashctl reanalyze` of a store made by real backfills must give the results the analysis gave
/// before its store path was rewritten for speed: the rows in `Tests/Fixtures/reanalyse-golden.jsonl` were
/// made by the binaries of commit 1d3f7c0 from this very setup. Times there are seconds after the
/// first simulated day's midnight, so the fixture holds whatever day the test runs on.
///
/// To remake it (only when a result is meant to change, said in the commit):
/// `ZOOMDASH_GOLDEN_WRITE=1 swift test --skip-build --filter ReanalyseGoldenTests`.
@Suite(.timeLimit(.minutes(5)))
struct ReanalyseGoldenTests {
    static let fixture = Binaries.packageRoot.appendingPathComponent("Tests/Fixtures/reanalyse-golden.jsonl")
    static let tables = ["disconnects", "incidents", "quality"]

    @Test func reanalysisOfFourBackfilledAccountsEqualsTheRecordedResults() async throws {
        let weeks = GoldenWeeks(today: Date())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zoomdash-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var configs: [String] = []
        for account in GoldenAccount.all {
            let window = weeks.window(account.week)
            let simulator = try SimulatorProcess(account.simulatorArguments + ["--days", "7", "--end-day", window.to])
            let config = try account.writeConfig(in: directory, simulatorURL: simulator.url)
            let result = try await runCommand(
                "zoomdashctl", ["backfill", "--config", config, "--from", window.from, "--to", window.to] + account.backfillExtras)
            try #require(result.status == 0, "backfill of seed \(account.seed): \(result.stderr.suffix(2000))")
            configs.append(config)
        }
        let idsBefore = try await Self.incidentIDs(config: configs[0])
        let reanalysis = try await runCommand("zoomdashctl", ["reanalyze", "--config", configs[0]])
        try #require(reanalysis.status == 0, "reanalyze: \(reanalysis.stderr.suffix(2000))")
        #expect(try await Self.incidentIDs(config: configs[0]) == idsBefore, "reanalyze keeps every incident's id")

        var actual: [String] = []
        for table in Self.tables {
            actual += try await Self.exportLines(table, config: configs[0], base: weeks.base)
        }
        if ProcessInfo.processInfo.environment["ZOOMDASH_GOLDEN_WRITE"] == "1" {
            try FileManager.default.createDirectory(at: Self.fixture.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (actual.joined(separator: "\n") + "\n").write(to: Self.fixture, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(expected.count > 100, "the fixture \(Self.fixture.path) is missing or truncated")
        if let difference = GoldenRows.firstDifference(expected: expected, actual: actual) {
            Issue.record("reanalysis differs from the recorded results: \(difference)")
        }
    }

    /// incident id → (scope, meeting, start): what reanalyze must keep.
    static func incidentIDs(config: String) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for row in try await exportRows("incidents", config: config) {
            ids["\(row["incident_id"] ?? "?")"] = "\(row["scope"] ?? "")|\(row["meeting_uuid"] ?? "")|\(row["start"] ?? "")"
        }
        return ids
    }

    static func exportRows(_ table: String, config: String) async throws -> [[String: Any]] {
        let result = try await runCommand("zoomdashctl", ["export", table, "--config", config, "--format", "jsonl"])
        guard result.status == 0 else { throw HarnessError("export \(table) failed: \(result.stderr)") }
        return try result.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// One canonical line per row (sorted keys, every value a string, times relative to `base`),
    /// sorted. Incident ids are left out: concurrent fetching numbers incidents in any order.
    static func exportLines(_ table: String, config: String, base: Int) async throws -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try await exportRows(table, config: config).map { row in
            var canonical = ["table": table]
            for (key, value) in row where key != "incident_id" {
                canonical[key] = GoldenRows.canonical(key: key, value: value, base: base)
            }
            return String(decoding: try encoder.encode(canonical), as: UTF8.self)
        }.sorted()
    }
}
