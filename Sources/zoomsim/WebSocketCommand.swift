import ArgumentParser
import Foundation
import Logging
import ZoomSimKit

struct WebSocketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "websocket",
        abstract: "Serve Zoom's WebSocket event subscription (/ws) and replay the scenario's events over it.",
        discussion: """
            Prints 'zoomsim websocket listening on ws://HOST:PORT/ws' once listening. The replay starts when \
            the first client is live and sends each event once (events published while no client is \
            connected are lost, as with Zoom); then it prints a JSON report to stdout and keeps serving \
            until SIGTERM. Fault switches as in docs/websocket.md.
            """)

    @OptionGroup var scenario: ScenarioFlags

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 = any free port).") var port = 9481
    @Option(help: "Replay N times faster than real time; default: as fast as possible.") var speed: Double?
    @Option(help: "Only events at or after this time (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss, UTC).") var since: String?
    @Option(name: .customLong("max-events"), help: "Send only the first N events.") var maxEvents: Int?
    @Option(name: .customLong("account-id")) var accountID = "sim-account"
    @Option(name: .customLong("handshake-failure"), help: "build_connection fails with this content (Invalid Token, Token is invalid, token is empty, …).")
    var handshakeFailure: String?
    @Option(name: .customLong("handshake-failures"), help: "Fail only the first N handshakes.") var handshakeFailures: Int?
    @Flag(name: .customLong("no-heartbeat-replies")) var noHeartbeatReplies = false
    @Option(name: .customLong("token-ttl"), help: "Seconds after connecting at which the token expires.") var tokenTTL: Double?
    @Option(name: .customLong("token-expiry"), help: "What expiry does: close, frame or nothing.") var tokenExpiry = "nothing"
    @Option(name: .customLong("duplicate-every")) var duplicateEvery: Int?
    @Option(name: .customLong("reorder-window")) var reorderWindow: Int?
    @Option(name: .customLong("unknown-module-every")) var unknownModuleEvery: Int?
    @Flag(name: .customLong("content-as-object")) var contentAsObject = false
    @Option(name: .customLong("max-frame-bytes"), help: "Longer messages go out fragmented.") var maxFrameBytes = 16 << 10
    @Option(name: .customLong("stall-after"), help: "Stop sending anything after N events, for --stall-seconds.") var stallAfter: Int?
    @Option(name: .customLong("stall-seconds")) var stallSeconds: Double = 90
    @Option(name: .customLong("reset-after"), help: "Drop the connection (no close frame) after N events.") var resetAfter: Int?

    func validate() throws {
        guard WebSocketFaults.TokenExpiry(rawValue: tokenExpiry) != nil else { throw ValidationError("--token-expiry must be close, frame or nothing") }
        if let speed, speed <= 0 { throw ValidationError("--speed must be positive") }
        if let since, UTCTime.parseDay(since) == nil, UTCTime.parseDayTime(since) == nil {
            throw ValidationError("--since must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss")
        }
    }

    func run() async throws {
        var faults = WebSocketFaults()
        faults.handshakeFailure = handshakeFailure
        faults.handshakeFailures = handshakeFailures
        faults.heartbeatReplies = !noHeartbeatReplies
        faults.tokenExpiry = WebSocketFaults.TokenExpiry(rawValue: tokenExpiry) ?? .nothing
        faults.duplicateEvery = duplicateEvery
        faults.reorderWindow = reorderWindow
        faults.unknownModuleEvery = unknownModuleEvery
        faults.contentAsObject = contentAsObject
        faults.maxFrameBytes = maxFrameBytes
        var events = Scenario.generate(scenario.options).webhookEvents(accountID: accountID)
        if let since, let second = UTCTime.parseDayTime(since) ?? UTCTime.parseDay(since) {
            events = events.filter { $0.eventTimestampMilliseconds >= Int64(second) * 1000 }
        }
        if let maxEvents { events = Array(events.prefix(maxEvents)) }
        let hub = WebSocketHub(faults: faults)
        let server = ZoomWebSocketServer(hub: hub, tokenTTLSeconds: tokenTTL)
        let host = host
        let replay = Replay(events: events, hub: hub, speed: speed, stallAfter: stallAfter, stallSeconds: stallSeconds, resetAfter: resetAfter)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run(host: host, port: port, handleSignals: true) { bound in
                    FileHandle.standardOutput.write(Data("zoomsim websocket listening on ws://\(host):\(bound)/ws\n".utf8))
                }
            }
            group.addTask { try await replay.run() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Waits for a live client, then publishes the events in time order with the scripted faults.
    struct Replay: Sendable {
        let events: [WebhookEvent]
        let hub: WebSocketHub
        let speed: Double?
        let stallAfter: Int?
        let stallSeconds: Double
        let resetAfter: Int?

        func run() async throws {
            while await !hub.isLive { try await Task.sleep(for: .milliseconds(50)) }
            var sent = 0
            var previous: Int64?
            for event in events {
                if let speed, let previous, event.eventTimestampMilliseconds > previous {
                    try await Task.sleep(for: .milliseconds(Int64(Double(event.eventTimestampMilliseconds - previous) / speed)))
                }
                previous = event.eventTimestampMilliseconds
                if sent == stallAfter {
                    await hub.stall(true)
                    try await Task.sleep(for: .milliseconds(Int64(stallSeconds * 1000)))
                    await hub.stall(false)
                }
                if sent == resetAfter { await hub.reset() }
                while await !hub.isLive { try await Task.sleep(for: .milliseconds(50)) }
                await hub.publish(event.body)
                sent += 1
            }
            await hub.flush()
            let report = JSONValue.object([
                ("published", .int(Int64(await hub.published))), ("delivered", .int(Int64(await hub.delivered))),
                ("discarded", .int(Int64(await hub.discarded))), ("connects", .int(Int64(await hub.connects.count))),
                ("heartbeats", .int(Int64(await hub.heartbeats))),
            ])
            FileHandle.standardOutput.write(Data((report.serialized() + "\n").utf8))
            // Keep serving (heartbeats) until SIGTERM.
            try await Task.sleep(for: .seconds(365 * 86_400))
        }
    }
}
