import Foundation
import Testing
import ZoomSimKit

/// Call quality end to end: the real `zoomdashctl backfill --qos` against a real `zoomsim` over
/// HTTP into a real SQLite file, compared with the simulator's ground truth.
@Suite(.timeLimit(.minutes(5)))
struct QualityBackfillIntegrationTests {
    typealias Base = BackfillIntegrationTests
    static let scenario = Base.scenario
    static let monitored = Set(scenario.meetings.filter { Base.isMonitored($0.topic) }.map(\.uuid))

    func backfill(_ workspace: Workspace) async throws -> CommandResult {
        try await workspace.ctl(["backfill", "--qos", "--from", Base.firstDay, "--to", Base.yesterday])
    }

    /// `uuid|participant-minutes|poor`, per monitored meeting with QoS data.
    static let expectedQuality: Set<String> = Set(
        scenario.truthQuality().filter { monitored.contains($0.meetingUUID) }.map { "\($0.meetingUUID)|\($0.participantMinutes)|\($0.poorMinutes)" })

    /// `scope|uuid|start|cause`.
    static let expectedCauses: Set<String> = {
        let iso = ISO8601DateFormatter()
        return Set(
            scenario.truthCauses().filter { $0.meetingUUID.map(monitored.contains) ?? true }
                .map { "\($0.scope)|\($0.meetingUUID ?? "null")|\(iso.string(from: $0.start))|\($0.cause)" })
    }()

    /// `uuid|name|time|quality_before`.
    static let expectedQualityBefore: Set<String> = {
        let iso = ISO8601DateFormatter()
        return Set(
            scenario.truthDisconnections(source: .dashboard).filter { monitored.contains($0.meetingUUID) }
                .map { "\($0.meetingUUID)|\($0.participantName)|\(iso.string(from: $0.time))|\($0.qualityBefore)" })
    }()

    static func actualQuality(_ workspace: Workspace) async throws -> Set<String> {
        Set(try await workspace.export("quality").map { "\($0["meeting_uuid"]!)|\($0["participant_minutes"]!)|\($0["poor_minutes"]!)" })
    }

    static func actualCauses(_ workspace: Workspace) async throws -> Set<String> {
        Set(try await workspace.export("incidents").map { "\($0["scope"]!)|\($0["meeting_uuid"] as? String ?? "null")|\($0["start"]!)|\($0["cause"]!)" })
    }

    static func actualQualityBefore(_ workspace: Workspace) async throws -> Set<String> {
        Set(try await workspace.export("disconnects").map { "\($0["meeting_uuid"]!)|\($0["participant_name"]!)|\($0["time"]!)|\($0["quality_before"]!)" })
    }

    @Test func aBackfillWithQoSEqualsTheGroundTruthAndASecondRunFetchesNothing() async throws {
        let simulator = try SimulatorProcess(Base.scenarioArguments)
        let workspace = try Workspace(simulator: simulator, source: "dashboard")
        let first = try await backfill(workspace)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr.suffix(2000))")
        try #require(!Self.expectedQuality.isEmpty)
        #expect(try await Self.actualQuality(workspace) == Self.expectedQuality)
        #expect(Set(Self.expectedCauses.map { $0.split(separator: "|").last! }).isSuperset(of: ["local_network", "zoom_or_shared"]),
                "the scenario should hold both causes")
        #expect(try await Self.actualCauses(workspace) == Self.expectedCauses)
        #expect(try await Self.actualQualityBefore(workspace) == Self.expectedQualityBefore)
        let samples = try await workspace.export("qos")
        #expect(samples.count == Self.expectedQuality.reduce(0) { $0 + Int($1.split(separator: "|")[1])! })

        let second = try await backfill(workspace)
        #expect(second.status == 0)
        #expect(second.stdout.contains("QoS: 0 meetings fetched, 0 participant-minutes, 0 API calls"), "\(second.stdout)")
        #expect(try await Self.actualQuality(workspace) == Self.expectedQuality)
    }

    @Test func killedMidQoSBackfillResumesToIdenticalRows() async throws {
        // Heavy at 4/s and QoS pages of 10 people: the kill lands while QoS is being fetched.
        let simulator = try SimulatorProcess(Base.scenarioArguments + ["--rate-limit-scale", "0.1"])
        let workspace = try Workspace(simulator: simulator, source: "dashboard")
        let participants = try await workspace.ctl(["backfill", "--from", Base.firstDay, "--to", Base.yesterday])
        #expect(participants.status == 0, "\(participants.stderr.suffix(2000))")
        let process = try await killZoomdashctl(
            ["backfill", "--qos", "--config", workspace.configPath, "--from", Base.firstDay, "--to", Base.yesterday], whenLogShows: try Regex(#"QoS progress: ([1-9][0-9]*)/[0-9]+ meetings"#))
        #expect(process.terminationReason == .uncaughtSignal, "the QoS backfill finished before it could be killed")
        let partial = try await Self.actualQuality(workspace)
        #expect(partial.isSubset(of: Self.expectedQuality), "what was stored before the kill is complete per meeting")

        let resumed = try await backfill(workspace)
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(2000))")
        #expect(try await Self.actualQuality(workspace) == Self.expectedQuality)
        #expect(try await Self.actualCauses(workspace) == Self.expectedCauses)
    }

    @Test func withoutTheDashboardQoSSaysSoOnceAndStopsCalling() async throws {
        let simulator = try SimulatorProcess(Base.scenarioArguments + ["--no-dashboard"])
        let workspace = try Workspace(simulator: simulator, source: "auto")
        let first = try await backfill(workspace)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr.suffix(2000))")
        #expect(first.stdout.contains("Dashboard API is not available"), "\(first.stdout)")
        #expect(try await !Self.actualQualityBefore(workspace).isEmpty, "the participants still came, from the Report API")
        let second = try await backfill(workspace)
        #expect(second.stdout.contains("QoS: 0 meetings fetched, 0 participant-minutes, 0 API calls"), "\(second.stdout)")
        #expect(second.stdout.contains("Dashboard API is not available"))
        #expect(try await workspace.ctl(["status"]).stdout.contains("QoS is off"))
        #expect(try await Self.actualQuality(workspace).isEmpty)
    }

    @Test func qosKeepsToItsShareOfTheBudgetAndTheParticipantsAreAllThere() async throws {
        let simulator = try SimulatorProcess(Base.scenarioArguments)
        // 0.0001 of Business's 60,000 daily Heavy requests: 6 QoS requests, one at a time.
        let workspace = try Workspace(
            simulator: simulator, source: "dashboard", concurrency: 1, extra: "[collectors.qos]\nmax_share_of_daily_cap = 0.0001\n")
        let result = try await backfill(workspace)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("QoS used its share of today's Heavy budget (0.01 %)"), "\(result.stdout)")
        #expect(result.stdout.contains(try Regex(#"QoS: [1-9][0-9]* meetings fetched, [1-9][0-9]* participant-minutes, 6 API calls"#)), "\(result.stdout)")
        #expect(try await Base.actualDisconnects(workspace) == Base.expectedDisconnects(.dashboard))
        let status = try await workspace.ctl(["status"]).stdout
        #expect(status.contains(try Regex(#"; [1-9][0-9]* meetings waiting for QoS"#)), "\(status)")
    }
}
