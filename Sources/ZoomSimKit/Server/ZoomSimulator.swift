import Foundation
import Hummingbird
import Logging
import NIOCore

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
    let core: SimulatorCore

    /// - Parameter scenario: a pre-generated scenario (must match `config.scenario` if you rely
    ///   on the seed elsewhere); generated from `config.scenario` when nil.
    public init(config: SimulatorConfig = SimulatorConfig(), scenario: Scenario? = nil) {
        let scenario = scenario ?? Scenario.generate(config.scenario)
        self.config = config
        self.scenario = scenario
        self.core = SimulatorCore(config: config, scenario: scenario)
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
        var quietLogger = logger ?? Logger(label: "zoomsim", factory: { StreamLogHandler.standardError(label: $0) })
        if logger == nil { quietLogger.logLevel = .warning }
        let app = Application(
            responder: ZoomAPIResponder(core: core),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? port)
            },
            logger: quietLogger)
        if handleSignals {
            try await app.runService()
        } else {
            try await app.run()
        }
    }

    /// Starts the server on `host` (port 0 = any free port), runs `body` with the base URL
    /// (e.g. `http://127.0.0.1:54321`), then shuts the server down.
    public func withRunningServer<Result: Sendable>(
        host: String = "127.0.0.1",
        port: Int = 0,
        _ body: @Sendable (_ baseURL: String) async throws -> Result
    ) async throws -> Result {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await self.run(host: host, port: port) { bound in
                        continuation.yield(bound)
                        continuation.finish()
                    }
                    continuation.finish()
                } catch {
                    continuation.finish()
                    throw error
                }
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else {
                try await group.next()
                throw SimulatorError.serverDidNotStart
            }
            do {
                let result = try await body("http://\(host):\(bound)")
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Current request statistics (the body of `GET /_sim/stats`) as compact JSON.
    public func statisticsJSON() async -> String {
        await core.stats.snapshot().serialized()
    }
}

public enum SimulatorError: Error, Sendable {
    case serverDidNotStart
}
