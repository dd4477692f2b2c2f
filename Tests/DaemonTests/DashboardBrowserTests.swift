import Foundation
import Testing
import ZoomSimKit

/// The dashboard in a real headless Chromium (Debian's `chromium`), served by a real zoomdashd whose
/// store zoomsim filled (a backfill with call quality, then live webhooks): every page draws with
/// data, no console error, names stay text, the room table updates by itself, the login works.
/// Screenshots go to `.build/screenshots/dashboard-browser` (the path is printed).
@Suite(.timeLimit(.minutes(5)))
struct DashboardBrowserTests {
    static let hostile = "<img src=x onerror=alert(1)>"
    static let password = "correct horse battery"

    static let lastDay: String = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(-86_400))
    }()

    @Test func everyPageDrawsFromARealDaemonFedByZoomsim() async throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(chromium != nil, "Debian's chromium is needed (make deps installs it)")
        let scenario = Scenario.generate(ScenarioOptions(seed: 5, endDay: Self.lastDay, days: 10, hosts: 3, classesPerHostPerDay: 2))
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: scenario.options), scenario: scenario)
        try await simulator.withRunningServer { baseURL in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-browser-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let users = directory.appendingPathComponent("dashboard.htpasswd").path
            let daemon = try DaemonProcess(
                extraConfig: """
                    [zoom]
                    account_id = "sim-account"
                    client_id = "sim-client"
                    client_secret = "sim-secret"
                    api_url = "\(baseURL)/v2"
                    oauth_url = "\(baseURL)/oauth/token"
                    [dashboard]
                    listen = "127.0.0.1:0"
                    users_file = "\(users)"
                    timezone = "Europe/Berlin"
                    anonymous_overview = true
                    """, reusing: directory)
            let passwd = try await run(Binaries.path("zoomdashctl"), ["passwd", "alice", "--file", users], input: Self.password + "\n")
            #expect(passwd.0 == 0, "\(passwd.2)")
            let start = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-10 * 86_400)).prefix(10)
            let backfill = try await run(
                Binaries.path("zoomdashctl"), ["backfill", "--qos", "--config", daemon.configPath, "--from", String(start), "--to", Self.lastDay])
            #expect(backfill.0 == 0, "\(backfill.2)")
            _ = try await daemon.start()
            #expect(!daemon.dashboardURL.isEmpty)

            // Live: a class whose topic and one pupil's name are hostile, five of them dropping at once.
            let now = Date()
            let odd = Events.Meeting(uuid: "odd/uuid+A==", id: 86_000_000_001, topic: #"Class \"7B\" </script>"#)
            #expect(try await daemon.postCollectiveDrop(now: now, in: odd).allSatisfy { $0 == 200 })
            let staying = Events.participant("meeting.participant_joined", name: "Kim Park", time: now.addingTimeInterval(-400), in: odd)
            #expect(try await daemon.post(staying).0 == 200)
            for (kind, offset) in [("meeting.participant_joined", -500.0), ("meeting.participant_left", -50.0)] {
                let reason = kind.hasSuffix("left") ? "left the meeting. Reason : Network connection error. " : nil
                let body = Events.participant(kind, name: Self.hostile, time: now.addingTimeInterval(offset), reason: reason, in: odd)
                #expect(try await daemon.post(body).0 == 200)
            }
            #expect(await daemon.messages.next(containing: "disconnections") != nil)

            let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/screenshots/dashboard-browser")
            print("dashboard screenshots: \(screenshots.path)")
            let checker = Process()
            checker.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            checker.arguments = [
                URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Browser/check_pages.py").path,
                "--base", daemon.dashboardURL, "--out", screenshots.path, "--user", "alice", "--password", Self.password,
                "--xss-name", Self.hostile, "--meeting", odd.uuid, "--anonymous-overview", "--wait-room-status", "Ann Lee=in", "--timeout", "40",
            ]
            let output = Pipe()
            checker.standardOutput = output
            checker.standardError = output
            let chunks = AsyncStream<String> { continuation in
                output.fileHandleForReading.readabilityHandler = { handle in
                    let data = handle.availableData
                    if data.isEmpty {
                        handle.readabilityHandler = nil
                        continuation.finish()
                    } else {
                        continuation.yield(String(decoding: data, as: UTF8.self))
                    }
                }
            }
            try checker.run()
            var lines: [String] = []
            var joined = false
            for await chunk in chunks {
                lines.append(chunk)
                // The rooms page comes after people: Ann joins while the browser watches the table.
                if !joined && chunk.contains("people") {
                    joined = true
                    let join = Events.participant("meeting.participant_joined", name: "Ann Lee", time: Date())
                    #expect(try await daemon.post(join).0 == 200)
                }
            }
            await checker.exited()
            #expect(checker.terminationStatus == 0, "\(lines.joined())")
            #expect(joined, "\(lines.joined())")
        }
    }
}
