import Hummingbird
import Logging
import ServiceLifecycle

/// Runs one responder the way `ZoomSimulator` does (shared by the chat and Zoho fakes, which
/// must not depend on the Zoom simulator's core).
struct LoopbackServer<Responder: HTTPResponder>: Sendable where Responder.Context == BasicRequestContext {
    let responder: Responder
    let label: String

    /// Serves until cancelled or, with `handleSignals`, until SIGTERM/SIGINT.
    func run(
        host: String, port: Int, handleSignals: Bool, logger: Logger?,
        onListening: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let app = makeApplication(host: host, port: port, logger: logger, onListening: onListening)
        if handleSignals {
            try await app.runService()
        } else {
            try await app.run()
        }
    }

    /// Starts on a free port (when `port` is 0), runs `body` with the base URL, then shuts down
    /// gracefully whether or not `body` threw.
    func withRunning<T>(host: String, port: Int, _ body: (String) async throws -> T) async throws -> T {
        try await LoopbackRunner.withRunning({ makeApplication(host: host, port: port, logger: nil, onListening: $0) }) { bound in
            try await body("http://\(host):\(bound)")
        }
    }

    private func makeApplication(
        host: String, port: Int, logger: Logger?, onListening: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        var quietLogger = logger ?? Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        if logger == nil { quietLogger.logLevel = .warning }
        return Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? port)
            },
            logger: quietLogger)
    }
}
