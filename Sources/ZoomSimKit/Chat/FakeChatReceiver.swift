import Foundation
import Logging

/// A loopback stand-in for Mattermost and Slack incoming webhooks that records what it accepts.
///
/// ```swift
/// let chat = FakeChatReceiver()
/// try await chat.withRunningServer { baseURL in
///     // POST "\(baseURL)/hooks/abc" or "\(baseURL)/services/T0/B0/XYZ"
/// }
/// chat.messages  // accepted posts, in arrival order
/// ```
public final class FakeChatReceiver: Sendable {
    public let config: FakeChatConfig
    private let ledger = SharedState(ChatLedger())

    public init(config: FakeChatConfig = .init()) {
        self.config = config
    }

    /// Accepted posts in arrival order.
    public var messages: [ReceivedChatMessage] { ledger.withLock { $0.messages } }

    /// Every hook request, including those answered 4xx/5xx.
    public var requests: Int { ledger.withLock { $0.requests } }

    /// Starts on a free port, runs `body` with the base URL ("http://127.0.0.1:PORT"), then stops.
    public func withRunningServer<T>(_ body: (_ baseURL: String) async throws -> T) async throws -> T {
        try await server(onMessage: { _ in }).withRunning(host: "127.0.0.1", port: 0, body)
    }

    /// Serves until cancelled or, with `handleSignals`, until SIGTERM/SIGINT.
    public func run(
        host: String = "127.0.0.1",
        port: Int = 0,
        handleSignals: Bool = false,
        logger: Logger? = nil,
        onMessage: @escaping @Sendable (ReceivedChatMessage) -> Void = { _ in },
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await server(onMessage: onMessage)
            .run(host: host, port: port, handleSignals: handleSignals, logger: logger, onListening: onListening)
    }

    private func server(onMessage: @escaping @Sendable (ReceivedChatMessage) -> Void) -> LoopbackServer<ChatResponder> {
        LoopbackServer(responder: ChatResponder(config: config, ledger: ledger, onMessage: onMessage), label: "zoomsim-chat")
    }
}
