import Foundation
import Testing
import ZoomSimKit

/// zoomdashd with `[sources.ws] type = "zoom.websocket"` against zoomsim's OAuth and WebSocket fakes.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct WebSocketEndToEndTests {
    static func config(api: String, websocket: String) -> String {
        """
        [zoom]
        account_id = "sim-account"
        client_id = "sim-client"
        client_secret = "sim-secret"
        api_url = "\(api)/v2"
        oauth_url = "\(api)/oauth/token"
        [sources.ws]
        type = "zoom.websocket"
        subscription_id = "sub-e2e"
        url = "\(websocket)"
        """
    }

    static func until(_ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(30)
        while try await !condition() {
            guard Date() < deadline else { throw HarnessError("timed out") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func stored(_ path: String) throws -> Set<String> {
        let result = try runBlocking("/usr/bin/sqlite3", [path, "SELECT participant_name FROM webhook_events"])
        return Set(result.1.split(separator: "\n").map(String.init))
    }

    /// Events over the socket are stored; `/metrics` (promtool-clean) and `STATUS=` say it is live;
    /// after kill -9 the restarted daemon takes the subscription lock again, reconnects, and stores on.
    @Test func eventsOverTheSocketSurviveAKillAndTheRestartReconnects() async throws {
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: ScenarioOptions(seed: 5, days: 1, hosts: 1, classesPerHostPerDay: 1)))
        let hub = WebSocketHub()
        try await simulator.withRunningServer { api in
            try await ZoomWebSocketServer(hub: hub).withRunningServer { websocket in
                let daemon = try DaemonProcess(extraConfig: Self.config(api: api, websocket: websocket))
                _ = try await daemon.start()
                try await Self.until { await hub.isLive }
                let base = Date().addingTimeInterval(-1800)
                for index in 0..<200 {
                    await hub.publish(Events.participant("meeting.participant_joined", name: "Person \(index)", time: base.addingTimeInterval(Double(index))))
                }
                try await Self.until { try Self.stored(daemon.storePath).count == 200 }
                let (_, metrics, _) = try await daemon.get("/metrics")
                let promtool = try await run("/usr/bin/promtool", ["check", "metrics"], input: metrics)
                #expect(promtool.0 == 0, "\(promtool.1)\(promtool.2)")
                #expect(metrics.contains(#"zoomdash_websocket_connected{source="ws"} 1.0"#))
                #expect(metrics.contains(#"zoomdash_websocket_messages_total{source="ws",module="message"} 200"#))
                #expect(await daemon.messages.next(containing: "websocket ws live") != nil)
                #expect(try await daemon.get("/healthz").0 == 200)

                // kill -9 mid-stream: what was committed stays; Zoom would not resend the rest.
                for index in 200..<400 {
                    await hub.publish(Events.participant("meeting.participant_joined", name: "Person \(index)", time: base.addingTimeInterval(Double(index))))
                    if index == 300 { kill(daemon.process.processIdentifier, SIGKILL) }
                }
                await daemon.process.exited()
                let beforeRestart = try Self.stored(daemon.storePath)
                #expect(beforeRestart.count >= 200)

                let restarted = try DaemonProcess(extraConfig: Self.config(api: api, websocket: websocket), reusing: daemon.directory)
                _ = try await restarted.start()
                try await Self.until {
                    let live = await hub.isLive
                    let connects = await hub.connects.count
                    return live && connects == 2
                }
                await hub.publish(Events.participant("meeting.participant_joined", name: "After restart", time: Date()))
                try await Self.until { try Self.stored(restarted.storePath).contains("After restart") }
                #expect(try Self.stored(restarted.storePath).isSuperset(of: beforeRestart))
                kill(restarted.process.processIdentifier, SIGTERM)
                await restarted.process.exited()
                #expect(restarted.process.terminationStatus == 0)
            }
        }
    }
}
