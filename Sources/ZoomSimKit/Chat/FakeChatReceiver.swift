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

    /// Returns the accepted posts once `condition` holds for them and the number of hook requests
    /// (checked now and after each request), or throws ``SimulatorError/timedOut(waitingFor:)`` after `timeout`.
    @discardableResult
    public func wait(
        upTo timeout: Duration = .seconds(30), for what: String,
        until condition: @escaping @Sendable (_ messages: [ReceivedChatMessage], _ requests: Int) -> Bool
    ) async throws -> [ReceivedChatMessage] {
        if ledger.withLock({ condition($0.messages, $0.requests) }) { return messages }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.untilHolds(condition) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw SimulatorError.timedOut(waitingFor: "\(what) within \(timeout) (the chat received \(self.messages.compactMap(\.text)))")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        return messages
    }

    private func untilHolds(_ condition: @escaping ChatWaiters.Condition) async throws {
        let id = ledger.withLock { $0.waiters.newID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                ledger.withLock { $0.waiters.add(id, condition, continuation, messages: $0.messages, requests: $0.requests) }
            }
        } onCancel: {
            ledger.withLock { $0.waiters.cancel(id) }
        }
    }

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
