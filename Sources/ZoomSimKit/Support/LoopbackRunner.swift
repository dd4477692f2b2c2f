import Hummingbird
import ServiceLifecycle

/// Runs a fake's Hummingbird application for the length of `body`: on a free port (when asked for
/// port 0), handing `body` the bound port, then shutting down gracefully whether or not it threw.
enum LoopbackRunner {
    static func withRunning<App: ApplicationProtocol, T>(
        _ makeApplication: (_ onListening: @escaping @Sendable (Int) async -> Void) -> App, _ body: (Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = makeApplication { bound in
            continuation.yield(bound)
            continuation.finish()
        }
        let services = ServiceGroup(configuration: .init(services: [app], logger: app.logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Ends the port stream too if the server fails before it listens.
                defer { continuation.finish() }
                try await services.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else {
                try await group.next()
                throw SimulatorError.serverDidNotStart
            }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(bound))
            } catch {
                result = .failure(error)
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }
}
