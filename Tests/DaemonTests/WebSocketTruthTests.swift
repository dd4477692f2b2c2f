import Foundation
import Testing
import ZoomSimKit

/// A real zoomdashd fed live over `zoomsim serve`'s own WebSocket (`--websocket-replay`, a real
/// process, its own OAuth tokens): the live analysis equals the scenario's ground truth; a stall and a
/// reset that lose events are gaps, filled in from the REST API, after which the result still equals
/// the truth; webhooks and the socket at once count nothing twice.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct WebSocketTruthTests {
    /// The last weekday before today (classes happen on weekdays only): a day Zoom has the records of.
    static let day: String = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var date = Date().addingTimeInterval(-86_400)
        while calendar.isDateInWeekend(date) { date = date.addingTimeInterval(-86_400) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }()

    static let scenarioArguments = ["--seed", "7", "--days", "1", "--hosts", "3", "--end-day", day]
    static let scenario = Scenario.generate(ScenarioOptions(seed: 7, endDay: day, days: 1, hosts: 3))
    static let events = scenario.webhookEvents()

    /// `uuid|name|time|class|rejoined`, as BackfillIntegrationTests compares them.
    static var expectedDisconnects: Set<String> {
        let iso = ISO8601DateFormatter()
        return Set(scenario.truthDisconnections(source: .dashboard).map {
            "\($0.meetingUUID)|\($0.participantName)|\(iso.string(from: $0.time))|\($0.reasonClass)|\($0.rejoinedAfterSeconds.map(String.init) ?? "null")"
        })
    }

    static var expectedIncidents: Set<String> {
        let iso = ISO8601DateFormatter()
        return Set(scenario.truthIncidents(source: .dashboard).map {
            "\($0.scope)|\($0.meetingUUID ?? "null")|\(iso.string(from: $0.start))|\(iso.string(from: $0.end))|\($0.dropped)|\($0.present)|\($0.meetings.map(String.init) ?? "null")"
        })
    }

    static func export(_ daemon: DaemonProcess, _ table: String) async throws -> [[String: Any]] {
        let result = try await run(Binaries.path("zoomdashctl"), ["export", table, "--config", daemon.configPath, "--format", "jsonl"])
        guard result.0 == 0 else { throw HarnessError("export \(table): \(result.2)") }
        return result.1.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func disconnects(_ daemon: DaemonProcess) async throws -> Set<String> {
        Set(try await export(daemon, "disconnects").map { row in
            "\(row["meeting_uuid"]!)|\(row["participant_name"]!)|\(row["time"]!)|\(row["reason_class"]!)|\((row["rejoined_after_s"] as? Int).map(String.init) ?? "null")"
        })
    }

    static func incidents(_ daemon: DaemonProcess) async throws -> Set<String> {
        Set(try await export(daemon, "incidents").map { row in
            "\(row["scope"]!)|\(row["meeting_uuid"] as? String ?? "null")|\(row["start"]!)|\(row["end"]!)|\(row["dropped"]!)|\(row["present"]!)|\((row["meetings"] as? Int).map(String.init) ?? "null")"
        })
    }

    /// Polls until the daemon's disconnections and incidents equal the truth, or 60 s passed; then
    /// the caller's expectations show what differs.
    static func settle(_ daemon: DaemonProcess, and done: () throws -> Bool = { true }) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if try done(), try await disconnects(daemon) == expectedDisconnects, try await incidents(daemon) == expectedIncidents { return }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    static func stop(_ daemon: DaemonProcess) async {
        kill(daemon.process.processIdentifier, SIGTERM)
        await daemon.process.exited()
    }

    static func sql(_ daemon: DaemonProcess, _ query: String) throws -> String {
        try runBlocking("/usr/bin/sqlite3", [daemon.storePath, query]).1.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func config(_ simulator: ZoomSimServe, collectors: Bool) -> String {
        """
        [zoom]
        account_id = "sim-account"
        client_id = "sim-client"
        client_secret = "sim-secret"
        api_url = "\(simulator.url)/v2"
        oauth_url = "\(simulator.url)/oauth/token"
        source = "dashboard"
        fetch_after_end = "1s"
        [sources.ws]
        type = "zoom.websocket"
        subscription_id = "sub-truth"
        url = "\(simulator.webSocketURL)"
        heartbeat = "1s"
        watchdog = "3s"
        """ + (collectors ? """

            [collectors.people]
            type = "zoom.participants"
            interval = "1d"
            lookback = "60s"
            [collectors.quality]
            type = "zoom.qos"
            interval = "1d"
            lookback = "60s"
            """ : "")
    }

    @Test func aLiveDayOverTheSocketGivesTheGroundTruth() async throws {
        try #require(!Self.expectedDisconnects.isEmpty)
        let simulator = try await ZoomSimServe(Self.scenarioArguments + ["--websocket-replay"])
        let daemon = try DaemonProcess(extraConfig: Self.config(simulator, collectors: false))
        _ = try await daemon.start()
        let report = try #require(await simulator.line(containing: "\"published\""))
        #expect(report.contains("\"published\":\(Self.events.count),\"delivered\":\(Self.events.count),\"discarded\":0"), "\(report)")
        try await Self.settle(daemon)
        #expect(try await Self.disconnects(daemon) == Self.expectedDisconnects)
        #expect(try await Self.incidents(daemon) == Self.expectedIncidents)
        #expect(try Self.sql(daemon, "SELECT COUNT(*) FROM webhook_events") == "\(Self.events.count)")
        #expect(try Self.sql(daemon, "SELECT COUNT(*) FROM live_source_gaps") == "0")
        await Self.stop(daemon)
    }

    /// Where to disrupt the day: `lose` events from here hold a class's `meeting.ended` and start no
    /// meeting, so the meeting is in the store, open, when the socket goes quiet, and only the gap's
    /// REST fetch can bring what was lost (the `meeting.ended` that would have queued it is gone).
    static func disruption(after start: Int, lose: Int) -> (index: Int, meetingUUID: String)? {
        let classes = Set(scenario.meetings.filter(\.isClass).map(\.uuid))
        for index in start..<(events.count - lose) {
            let window = events[(index - 2)..<(index - 2 + lose)]
            guard events[index].event == "meeting.ended", classes.contains(events[index].meetingUUID),
                !window.contains(where: { $0.event == "meeting.started" })
            else { continue }
            return (index - 2, events[index].meetingUUID)
        }
        return nil
    }

    @Test func aStallAndAResetLoseEventsThatTheRESTAPIFillsInAndTheResultIsStillTheTruth() async throws {
        let lose = 5
        let stall = try #require(Self.disruption(after: 10, lose: lose))
        let reset = try #require(Self.disruption(after: stall.index + lose + 10, lose: lose))
        let simulator = try await ZoomSimServe(
            Self.scenarioArguments + [
                "--websocket-replay", "--stall-after", "\(stall.index)", "--stall-seconds", "5", "--reset-after", "\(reset.index)", "--lose", "\(lose)",
            ])
        let daemon = try DaemonProcess(extraConfig: Self.config(simulator, collectors: true))
        _ = try await daemon.start()
        let report = try #require(await simulator.line(containing: "\"published\""))
        #expect(report.contains("\"discarded\":\(2 * lose)"), "both disruptions lost their events: \(report)")
        let lostEnds = [stall.meetingUUID, reset.meetingUUID].map { $0.replacingOccurrences(of: "'", with: "''") }
        let filled = "SELECT COUNT(*) FROM meetings WHERE qos_fetched_at IS NOT NULL AND uuid IN ('\(lostEnds[0])', '\(lostEnds[1])')"
        try await Self.settle(daemon) { try Self.sql(daemon, filled) == "2" }
        #expect(try await Self.disconnects(daemon) == Self.expectedDisconnects)
        #expect(try await Self.incidents(daemon) == Self.expectedIncidents)
        // Two gaps, each with the class whose end it lost, and both meetings' data now from REST.
        #expect(try Self.sql(daemon, "SELECT COUNT(*) FROM live_source_gaps WHERE source = 'ws'") == "2")
        let caught = try Self.sql(daemon, "SELECT DISTINCT meeting_uuid FROM live_source_gap_meetings").split(separator: "\n").map(String.init)
        #expect(caught.contains(stall.meetingUUID) && caught.contains(reset.meetingUUID), "\(caught)")
        // Their call quality came after their participants, as Zoom's data has it.
        let quality = try await Self.export(daemon, "quality")
        for uuid in [stall.meetingUUID, reset.meetingUUID] {
            let truth = Self.scenario.truthQuality().first { $0.meetingUUID == uuid }
            let row = quality.first { $0["meeting_uuid"] as? String == uuid }
            #expect(row?["participant_minutes"] as? Int == truth?.participantMinutes && row?["poor_minutes"] as? Int == truth?.poorMinutes, "\(uuid): \(String(describing: row))")
        }
        let (status, metrics, _) = try await daemon.get("/metrics")
        #expect(status == 200)
        #expect(metrics.contains(#"zoomdash_websocket_reconnects_total{source="ws",reason="watchdog"}"#))
        #expect(metrics.contains(#"zoomdash_websocket_reconnects_total{source="ws",reason="closed"}"#))
        await Self.stop(daemon)
    }

    @Test func webhooksAndTheSocketAtOnceCountNothingTwice() async throws {
        let simulator = try await ZoomSimServe(Self.scenarioArguments + ["--websocket-replay"])
        let daemon = try DaemonProcess(extraConfig: Self.config(simulator, collectors: false))
        _ = try await daemon.start()
        let webhooks = try await run(
            Binaries.path("zoomsim"),
            ["webhooks"] + Self.scenarioArguments + ["--to", daemon.baseURL + "/zoom/webhook", "--webhook-secret", DaemonProcess.secret, "--concurrency", "4"])
        #expect(webhooks.0 == 0, "\(webhooks.1)\(webhooks.2)")
        #expect(await simulator.line(containing: "\"published\"") != nil)
        try await Self.settle(daemon)
        #expect(try await Self.disconnects(daemon) == Self.expectedDisconnects)
        #expect(try await Self.incidents(daemon) == Self.expectedIncidents)
        #expect(try Self.sql(daemon, "SELECT COUNT(*) FROM webhook_events") == "\(Self.events.count)")
        await Self.stop(daemon)
    }
}

/// `zoomsim serve --port 0 …` as a child process; its stdout lines are read on a thread of their own.
final class ZoomSimServe: @unchecked Sendable {
    let process = Process()
    let url: String
    var webSocketURL: String { url.replacingOccurrences(of: "http://", with: "ws://") + "/ws" }
    private var lines: AsyncStream<String>.Iterator

    init(_ arguments: [String]) async throws {
        process.executableURL = URL(fileURLWithPath: Binaries.path("zoomsim"))
        process.arguments = ["serve", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let (stream, input) = AsyncStream.makeStream(of: String.self)
        lines = stream.makeAsyncIterator()
        try process.run()
        let handle = output.fileHandleForReading
        Thread {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer += chunk
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    input.yield(String(decoding: buffer[..<newline], as: UTF8.self))
                    buffer = Data(buffer[(newline + 1)...])
                }
            }
            input.finish()
        }.start()
        guard let first = await lines.next(), let range = first.range(of: "http://") else { throw HarnessError("zoomsim serve did not start") }
        url = String(first[range.lowerBound...]).trimmingCharacters(in: .whitespaces)
    }

    /// The next stdout line containing `text`; nil once zoomsim's stdout closed.
    func line(containing text: String) async -> String? {
        while let line = await lines.next() {
            if line.contains(text) { return line }
        }
        return nil
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}
