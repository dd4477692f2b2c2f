import Foundation
import Testing
import ZoomSimKit

/// End to end: the real `zoomdashctl` against a real `zoomsim` over HTTP, with a real SQLite file.
@Suite(.timeLimit(.minutes(5)))
struct BackfillIntegrationTests {
    static let yesterday: String = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(-86_400))
    }()

    static let scenarioArguments = ["--seed", "7", "--hosts", "3", "--days", "5", "--end-day", yesterday]
    static let options = ScenarioOptions(seed: 7, endDay: yesterday, days: 5, hosts: 3)
    static let scenario = Scenario.generate(options)
    static let firstDay: String = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(-5 * 86_400))
    }()

    static func isMonitored(_ topic: String) -> Bool { topic.contains(try! Regex("(?i)class|lesson")) }

    /// `uuid|name|time|class|rejoined`, the comparable identity of one disconnection.
    static func expectedDisconnects(_ source: TruthSource) -> Set<String> {
        let iso = ISO8601DateFormatter()
        return Set(
            scenario.truthDisconnections(source: source, thresholds: TruthThresholds())
                .filter { isMonitored($0.topic) }
                .map { "\($0.meetingUUID)|\($0.participantName)|\(iso.string(from: $0.time))|\($0.reasonClass)|\($0.rejoinedAfterSeconds.map(String.init) ?? "null")" })
    }

    static func expectedIncidents(_ source: TruthSource) -> Set<String> {
        let iso = ISO8601DateFormatter()
        let monitored = Set(scenario.meetings.filter { isMonitored($0.topic) }.map(\.uuid))
        return Set(
            scenario.truthIncidents(source: source, thresholds: TruthThresholds())
                .filter { $0.meetingUUID.map(monitored.contains) ?? true }
                .map { "\($0.scope)|\($0.meetingUUID ?? "null")|\(iso.string(from: $0.start))|\(iso.string(from: $0.end))|\($0.dropped)|\($0.present)|\($0.meetings.map(String.init) ?? "null")" })
    }

    static func actualDisconnects(_ workspace: Workspace) async throws -> Set<String> {
        Set(try await workspace.export("disconnects").map { row in
            "\(row["meeting_uuid"]!)|\(row["participant_name"]!)|\(row["time"]!)|\(row["reason_class"]!)|\((row["rejoined_after_s"] as? Int).map(String.init) ?? "null")"
        })
    }

    static func actualIncidents(_ workspace: Workspace) async throws -> Set<String> {
        Set(try await workspace.export("incidents").map { row in
            "\(row["scope"]!)|\(row["meeting_uuid"] as? String ?? "null")|\(row["start"]!)|\(row["end"]!)|\(row["dropped"]!)|\(row["present"]!)|\((row["meetings"] as? Int).map(String.init) ?? "null")"
        })
    }

    func backfill(_ workspace: Workspace) async throws -> CommandResult {
        try await workspace.ctl(["backfill", "--from", Self.firstDay, "--to", Self.yesterday])
    }

    @Test func fullBackfillEqualsTheGroundTruthAndASecondRunAddsNothing() async throws {
        let simulator = try SimulatorProcess(Self.scenarioArguments)
        let workspace = try Workspace(simulator: simulator, source: "dashboard")
        let first = try await backfill(workspace)
        #expect(first.status == 0, "\(first.stderr)")

        let expected = Self.expectedDisconnects(.dashboard)
        try #require(!expected.isEmpty)
        #expect(try await Self.actualDisconnects(workspace) == expected)
        let incidents = Self.expectedIncidents(.dashboard)
        #expect(incidents.contains { $0.hasPrefix("account|") }, "the scenario should hold a Zoom bad moment")
        #expect(try await Self.actualIncidents(workspace) == incidents)

        let statusBefore = try await workspace.ctl(["status", "--json"])
        let second = try await backfill(workspace)
        #expect(second.status == 0)
        #expect(second.stdout.contains(" 0 new participant rows"), "\(second.stdout)")
        let statusAfter = try await workspace.ctl(["status", "--json"])
        func sessions(_ result: CommandResult) async throws -> Int {
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return object?["participantSessions"] as? Int ?? -1
        }
        #expect(try await sessions(statusBefore) == sessions(statusAfter))
        #expect(try await Self.actualDisconnects(workspace) == expected)
    }

    @Test func survivesRateLimitsAndServerErrors() async throws {
        // Zoom's limits are per account, shared by every app. Two backfills at once against per-second
        // limits at a tenth of Business meet each other's 429s; 8% of answers are injected 5xx.
        let simulator = try SimulatorProcess(Self.scenarioArguments + ["--rate-limit-scale", "0.1", "--failure-rate", "0.08"])
        let workspaces = try (0..<2).map { _ in try Workspace(simulator: simulator, source: "dashboard", concurrency: 8) }
        let other = Process()
        other.executableURL = URL(fileURLWithPath: Binaries.path("zoomdashctl"))
        other.arguments = ["backfill", "--config", workspaces[1].configPath, "--from", Self.firstDay, "--to", Self.yesterday]
        let otherOutput = workspaces[1].directory.appendingPathComponent("backfill.out")
        FileManager.default.createFile(atPath: otherOutput.path, contents: nil)
        let output = try FileHandle(forWritingTo: otherOutput)
        other.standardOutput = output
        other.standardError = output
        try other.run()
        let result = try await backfill(workspaces[0])
        await other.exited()
        try output.close()
        #expect(result.status == 0, "\(result.stdout.suffix(1000))\n\(result.stderr.suffix(2000))")
        #expect(other.terminationStatus == 0, "\(String(decoding: (try? Data(contentsOf: otherOutput)) ?? Data(), as: UTF8.self).suffix(3000))")
        let stats = try simulator.stats()
        #expect((stats["rate_limited_429"] as? Int ?? 0) > 0, "\(stats)")
        #expect((stats["injected_5xx"] as? Int ?? 0) > 0, "\(stats)")
        for workspace in workspaces {
            #expect(try await Self.actualDisconnects(workspace) == Self.expectedDisconnects(.dashboard))
            #expect(try await Self.actualIncidents(workspace) == Self.expectedIncidents(.dashboard))
        }
    }

    @Test func killedMidBackfillResumesToIdenticalResults() async throws {
        // Slow enough (Heavy at 4/s) that the kill lands in the middle of fetching participants.
        let simulator = try SimulatorProcess(Self.scenarioArguments + ["--rate-limit-scale", "0.1"])
        let workspace = try Workspace(simulator: simulator, source: "dashboard")
        // Killed on the event "some meetings are stored" (a progress line with done > 0).
        let process = try await killZoomdashctl(
            ["backfill", "--config", workspace.configPath, "--from", Self.firstDay, "--to", Self.yesterday], whenLogShows: try Regex(#"progress: ([1-9][0-9]*)/[0-9]+ meetings"#))
        #expect(process.terminationReason == .uncaughtSignal, "the backfill finished before it could be killed")

        let resumed = try await backfill(workspace)
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(2000))")
        #expect(try await Self.actualDisconnects(workspace) == Self.expectedDisconnects(.dashboard))
        #expect(try await Self.actualIncidents(workspace) == Self.expectedIncidents(.dashboard))
    }

    @Test func meetingsStoredButNotAnalysedByAKilledRunAreAnalysedByTheNext() async throws {
        // The state a kill between a meeting's two transactions leaves (participants stored with
        // their mark, not analysed yet), made exactly: the kill above lands there only by chance.
        let simulator = try SimulatorProcess(Self.scenarioArguments)
        let workspace = try Workspace(simulator: simulator, source: "dashboard")
        #expect(try await backfill(workspace).status == 0)
        let expected = Self.expectedDisconnects(.dashboard)
        try #require(try await Self.actualDisconnects(workspace) == expected)
        let forget = """
            INSERT INTO analysis_due(meeting_uuid, meeting_id, last_event_id, since)
                SELECT DISTINCT d.meeting_uuid, m.meeting_id, 0, 0 FROM disconnections d JOIN meetings m ON m.uuid = d.meeting_uuid;
            DELETE FROM disconnections;
            """
        #expect(try await runCommand("/usr/bin/sqlite3", [workspace.storePath, forget]).status == 0)
        try #require(try await Self.actualDisconnects(workspace).isEmpty)

        let resumed = try await backfill(workspace)
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(2000))")
        #expect(try await Self.actualDisconnects(workspace) == expected)
        #expect(try await Self.actualIncidents(workspace) == Self.expectedIncidents(.dashboard))
        let due = try await runCommand("/usr/bin/sqlite3", [workspace.storePath, "SELECT COUNT(*) FROM analysis_due"])
        #expect(due.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func theDailyLimitReachedMidRunKeepsWhatWasStoredAndAsksToRunAgain() async throws {
        // Heavy calls (listing and participants) share the daily cap: it runs out part-way.
        let simulator = try SimulatorProcess(Self.scenarioArguments + ["--daily-limit", "12"])
        let workspace = try Workspace(simulator: simulator, source: "dashboard", concurrency: 1)
        let result = try await backfill(workspace)
        #expect(result.status == 75, "\(result.stdout)\(result.stderr.suffix(1000))")
        #expect(result.stdout.contains("stopped early"), "\(result.stdout)")
        let status = try JSONSerialization.jsonObject(with: Data(try await workspace.ctl(["status", "--json"]).stdout.utf8)) as? [String: Any]
        let run = ((status?["collectors"] as? [[String: Any]])?.first?["lastRun"]) as? [String: Any]
        #expect(run?["result"] as? String == "partial")
        #expect((run?["rows"] as? Int ?? 0) > 0, "what was fetched before the limit is recorded: \(String(describing: run))")
        #expect(!(try await Self.actualDisconnects(workspace)).isEmpty)
    }

    @Test func fallsBackToTheReportAPIWithoutDashboard() async throws {
        let simulator = try SimulatorProcess(Self.scenarioArguments + ["--no-dashboard"])
        let workspace = try Workspace(simulator: simulator, source: "auto")
        let result = try await backfill(workspace)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("via report"))
        let expected = Self.expectedDisconnects(.report)
        try #require(!expected.isEmpty)
        #expect(try await Self.actualDisconnects(workspace) == expected)
        #expect(try await Self.actualIncidents(workspace) == Self.expectedIncidents(.report))
    }

    @Test func badInputIsRefusedWithAClearMessageAndNothingStored() async throws {
        let simulator = try SimulatorProcess(Self.scenarioArguments)
        let workspace = try Workspace(simulator: simulator, extra: "[analysis]\ncollective_window_seconds = \"60\"\n")
        let broken = try await workspace.ctl(["backfill", "--from", Self.firstDay, "--to", Self.yesterday])
        #expect(broken.status == 78)
        #expect(broken.stderr.contains("zoomdash.toml:"))
        #expect(broken.stderr.contains("analysis.collective_window_seconds"))
        #expect(!FileManager.default.fileExists(atPath: workspace.storePath))

        let good = try Workspace(simulator: simulator)
        let reversed = try await good.ctl(["backfill", "--from", Self.yesterday, "--to", Self.firstDay])
        #expect(reversed.status != 0)
        #expect(reversed.stderr.contains("--from"))
        let tooOld = try await good.ctl(["backfill", "--from", "2000-01-01", "--to", Self.yesterday])
        #expect(tooOld.status != 0)
        #expect(tooOld.stderr.contains("6 months"), "\(tooOld.stderr)")
        let wrongSecret = try Workspace(simulator: simulator, extra: "")
        let text = try String(contentsOfFile: wrongSecret.configPath, encoding: .utf8).replacingOccurrences(of: "sim-secret", with: "wrong")
        try text.write(toFile: wrongSecret.configPath, atomically: true, encoding: .utf8)
        let denied = try await wrongSecret.ctl(["backfill", "--from", Self.firstDay, "--to", Self.yesterday])
        #expect(denied.status == 69)
        #expect(denied.stderr.contains("client_id"))
    }
}
