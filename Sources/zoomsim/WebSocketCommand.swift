import ArgumentParser
import Foundation
import Logging
import ZoomSimKit

/// The WebSocket endpoint alone, on a port of its own, any non-empty token accepted: for a receiver
/// that gets its tokens elsewhere. `zoomsim serve --websocket-replay` does the same on the REST
/// port with the simulator's own OAuth tokens.
struct WebSocketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "websocket",
        abstract: "Serve Zoom's WebSocket event subscription (/ws) alone and replay the scenario's events over it.",
        discussion: """
            Prints 'zoomsim websocket listening on ws://HOST:PORT/ws' once listening. The replay starts when \
            the first client is live and sends each event once (events published while no client is \
            connected are lost, as with Zoom); then it prints a JSON report to stdout and keeps serving \
            until SIGTERM. Any non-empty token is accepted; `zoomsim serve --websocket-replay` serves /ws \
            on the REST port and checks the tokens its OAuth endpoint issued. Fault switches as in docs/websocket.md.
            """)

    @OptionGroup var scenario: ScenarioFlags
    @OptionGroup var faults: WebSocketFaultFlags
    @OptionGroup var replay: WebSocketReplayFlags

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 = any free port).") var port = 9481
    @Option(name: .customLong("account-id")) var accountID = "sim-account"
    @Option(name: .customLong("token-ttl"), help: "Seconds after connecting at which the token expires.") var tokenTTL: Double?

    func run() async throws {
        let hub = WebSocketHub(faults: faults.faults)
        let server = ZoomWebSocketServer(hub: hub, tokenTTLSeconds: tokenTTL)
        let host = host
        let replay = replay.replay(Scenario.generate(scenario.options), accountID: accountID, hub: hub)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run(host: host, port: port, handleSignals: true) { bound in
                    FileHandle.standardOutput.write(Data("zoomsim websocket listening on ws://\(host):\(bound)/ws\n".utf8))
                }
            }
            group.addTask {
                let report = try await replay.run()
                FileHandle.standardOutput.write(Data((report.json + "\n").utf8))
                // Keep serving (heartbeats) until SIGTERM.
                try await Task.sleep(for: .seconds(365 * 86_400))
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
