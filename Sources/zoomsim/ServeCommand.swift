import ArgumentParser
import Foundation
import Logging
import ZoomSimKit

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the simulated Zoom REST API, OAuth, and the WebSocket event subscription (/ws).",
        discussion: """
            Prints one line to stdout once listening: 'zoomsim listening on http://HOST:PORT' (the WebSocket is             ws://HOST:PORT/ws?subscriptionId=…&access_token=…, the token from this server's /oauth/token, either             grant). With --websocket-replay it sends the scenario's events (from --since) over the socket once a             client is live, each once, and then prints a JSON report line. Logs go to stderr.
            """)

    @OptionGroup var scenario: ScenarioFlags
    @OptionGroup(title: "WebSocket faults") var webSocketFaults: WebSocketFaultFlags
    @OptionGroup(title: "WebSocket replay") var webSocketReplay: WebSocketReplayFlags

    @Flag(name: .customLong("websocket-replay"), help: "Replay the scenario's events over /ws once a client is live.")
    var replayOverWebSocket = false

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to bind (0 = any free port).")
    var port: Int = 9480

    @Option(help: "Account plan: pro, business or enterprise.")
    var plan: String = "business"

    @Flag(name: .customLong("no-dashboard"), help: "Disable the Dashboard feature (every /v2/metrics call answers 400).")
    var noDashboard = false

    @Option(name: .customLong("failure-rate"), help: "Fraction of API calls answered with an injected 500/502/503.")
    var failureRate: Double = 0

    @Option(name: .customLong("token-ttl"), help: "Access token lifetime in seconds.")
    var tokenTTL: Int = 3600

    @Option(name: .customLong("page-token-ttl"), help: "next_page_token lifetime in seconds.")
    var pageTokenTTL: Int = 900

    @Option(name: .customLong("rate-limit-scale"), help: "Multiplier for every per-second/per-minute limit.")
    var rateLimitScale: Double = 1

    @Option(name: .customLong("daily-limit"), help: "Override the daily Heavy + Resource-intensive cap.")
    var dailyLimit: Int?

    @Option(
        help: ArgumentHelp(
            "The token's scopes, space-separated (classic or granular names); calls they do not cover answer 400, code 4711.",
            discussion: "Default: what the plan allows, by classic names, and nothing enforced."))
    var scopes: String?

    @Option(name: .customLong("date-skew"), help: "Seconds the Date header of every answer is ahead of the clock (negative: behind).")
    var dateSkew: Int = 0

    @Option(name: .customLong("account-id")) var accountID = "sim-account"
    @Option(name: .customLong("client-id")) var clientID = "sim-client"
    @Option(name: .customLong("client-secret")) var clientSecret = "sim-secret"
    @Option(name: .customLong("webhook-secret")) var webhookSecret = "sim-webhook-secret"

    @Option(name: .customLong("log-level"), help: "Server log level on stderr (trace ... critical).")
    var logLevel: String = "warning"

    func validate() throws {
        guard ZoomPlan(rawValue: plan) != nil else { throw ValidationError("--plan must be pro, business or enterprise") }
        guard (0...1).contains(failureRate) else { throw ValidationError("--failure-rate must be within 0...1") }
        guard tokenTTL >= 1, pageTokenTTL >= 1 else { throw ValidationError("TTLs must be at least 1 second") }
        guard rateLimitScale > 0 else { throw ValidationError("--rate-limit-scale must be positive") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level") }
        if webSocketReplay.anyGiven, !replayOverWebSocket {
            throw ValidationError("--since, --speed, --max-events, --stall-after and --reset-after need --websocket-replay")
        }
    }

    func run() async throws {
        let config = SimulatorConfig(
            scenario: scenario.options, plan: ZoomPlan(rawValue: plan) ?? .business, dashboardEnabled: !noDashboard,
            accountID: accountID, clientID: clientID, clientSecret: clientSecret, webhookSecret: webhookSecret,
            tokenTTLSeconds: tokenTTL, pageTokenTTLSeconds: pageTokenTTL, failureRate: failureRate,
            dailyLimit: dailyLimit, rateLimitScale: rateLimitScale,
            scopes: scopes.map { $0.split(separator: " ").map(String.init) }, dateSkewSeconds: dateSkew)
        let hub = WebSocketHub(faults: webSocketFaults.faults)
        let simulator = ZoomSimulator(config: config, webSocket: hub)
        var logger = Logger(label: "zoomsim", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        let summary = simulator.scenario.summary
        FileHandle.standardError.write(Data(
            "zoomsim: \(summary.meetings) meetings, \(summary.records) records, \(summary.plannedDrops) planned drops, \(summary.collectiveDrops) collective drops, \(summary.badMoments) bad moments\n".utf8))
        let host = host
        let port = port
        let replay = replayOverWebSocket ? webSocketReplay.replay(simulator.scenario, accountID: accountID, hub: hub) : nil
        let serverLogger = logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await simulator.run(host: host, port: port, handleSignals: true, logger: serverLogger) { bound in
                    // Unbuffered write: tests read this line while the server keeps running.
                    FileHandle.standardOutput.write(Data("zoomsim listening on http://\(host):\(bound)\n".utf8))
                }
            }
            if let replay {
                group.addTask {
                    let report = try await replay.run()
                    FileHandle.standardOutput.write(Data((report.json + "\n").utf8))
                }
            }
            // The server ends the run (SIGTERM); a finished replay leaves it serving.
            for try await _ in group {}
        }
    }
}
