import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// The Zoom API simulator: a Hummingbird server over a deterministic `Scenario`.
///
/// ```swift
/// let simulator = ZoomSimulator(config: SimulatorConfig(scenario: ScenarioOptions(endDay: "2025-03-14")))
/// try await simulator.withRunningServer { baseURL in
///     // call "\(baseURL)/oauth/token", "\(baseURL)/v2/users", ...
/// }
/// ```
public struct ZoomSimulator: Sendable {
    public let config: SimulatorConfig
    public let scenario: Scenario
    /// Zoom's WebSocket event subscription on the same port (`/ws`), when given a hub.
    public let webSocket: ZoomWebSocketServer?
    let core: SimulatorCore

    /// - Parameters:
    ///   - scenario: a pre-generated scenario (must match `config.scenario` if you rely
    ///     on the seed elsewhere); generated from `config.scenario` when nil.
    ///   - webSocket: serve `/ws` from this hub, checking tokens against the simulator's OAuth
    ///     tokens (either grant; they expire with the token, or `webSocketTokenTTL` seconds after
    ///     connecting when given).
    public init(config: SimulatorConfig = SimulatorConfig(), scenario: Scenario? = nil, webSocket hub: WebSocketHub? = nil, webSocketTokenTTL: Double? = nil) {
        let scenario = scenario ?? Scenario.generate(config.scenario)
        let core = SimulatorCore(config: config, scenario: scenario)
        self.config = config
        self.scenario = scenario
        self.core = core
        webSocket = hub.map { hub in
            ZoomWebSocketServer(hub: hub, tokenTTLSeconds: webSocketTokenTTL) { token in
                await core.tokens.check(token, now: config.clock()).map { .init(grant: $0.grant.rawValue, secondsLeft: $0.secondsLeft) }
            }
        }
    }

    /// Serves until the surrounding task is cancelled, or — with `handleSignals` — until
    /// SIGTERM/SIGINT, after which it returns normally (graceful shutdown).
    ///
    /// - Parameters:
    ///   - port: 0 picks a free port; `onListening` receives the bound port.
    public func run(
        host: String = "127.0.0.1",
        port: Int = 0,
        handleSignals: Bool = false,
        logger: Logger? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let app = makeApplication(host: host, port: port, logger: logger, onListening: onListening)
        if handleSignals {
            try await app.runService()
        } else {
            try await app.run()
        }
    }

    /// Starts the server on `host` (port 0 = any free port), runs `body` with the base URL
    /// (e.g. `http://127.0.0.1:54321`), then shuts the server down gracefully.
    public func withRunningServer<Result: Sendable>(
        host: String = "127.0.0.1",
        port: Int = 0,
        _ body: @Sendable (_ baseURL: String) async throws -> Result
    ) async throws -> Result {
        try await LoopbackRunner.withRunning({ onListening in
            makeApplication(host: host, port: port, logger: nil, onListening: onListening)
        }) { bound in
            try await body("http://\(host):\(bound)")
        }
    }

    private func makeApplication(
        host: String, port: Int, logger: Logger?, onListening: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        var quietLogger = logger ?? Logger(label: "zoomsim", factory: { StreamLogHandler.standardError(label: $0) })
        if logger == nil { quietLogger.logLevel = .warning }
        let config = self.config
        let handlers: @Sendable () -> [any RemovableChannelHandler] = {
            guard config.dateSkewSeconds != 0 else { return [] }
            return [DateHeaderWriter { config.clock().addingTimeInterval(TimeInterval(config.dateSkewSeconds)) }]
        }
        let server: HTTPServerBuilder
        if let webSocket {
            let configuration = HTTP1WebSocketUpgradeChannel.Configuration(http1: .init(additionalChannelHandlers: handlers()), ws: ZoomWebSocketServer.configuration)
            server = .http1WebSocketUpgrade(configuration: configuration) { request, channel, _ in
                webSocket.upgrade(request, channel: channel)
            }
        } else {
            server = .http1(configuration: .init(additionalChannelHandlers: handlers()))
        }
        return Application(
            responder: ZoomAPIResponder(core: core),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? port)
            },
            logger: quietLogger)
    }

    /// Current request statistics (the body of `GET /_sim/stats`) as compact JSON.
    public func statisticsJSON() async -> String {
        await core.stats.snapshot().serialized()
    }
}

public enum SimulatorError: Error, Sendable, CustomStringConvertible {
    case serverDidNotStart
    /// A test's wait on a fake ended before what it waited for arrived.
    case timedOut(waitingFor: String)

    public var description: String {
        switch self {
        case .serverDidNotStart: "the fake's server did not start listening"
        case .timedOut(let what): "timed out waiting for \(what)"
        }
    }
}
