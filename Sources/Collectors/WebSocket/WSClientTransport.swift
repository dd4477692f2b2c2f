import Logging
import NIOCore
import NIOWebSocket
import WSClient

/// ``WebSocketTransport`` on swift-websocket's client (NIO; TLS by swift-nio-ssl for `wss://`).
/// No RFC 6455 auto-ping: Zoom's keepalive is its JSON heartbeat, sent by the executor.
struct WSClientTransport: WebSocketTransport {
    let logger: Logger
    /// Zoom documents no limit; QoS payloads are large, so allow a lot, reassembled by the library.
    var maxMessageBytes = 16 << 20

    private struct Closed: Error {}

    func run(
        url: String, outbound: AsyncStream<WebSocketOutbound>, onOpen: @escaping @Sendable () async -> Void,
        onText: @escaping @Sendable (String) async -> Void
    ) async throws -> String {
        let configuration = WebSocketClientConfiguration(maxFrameSize: maxMessageBytes, closeTimeout: .seconds(2), autoPing: .disabled)
        let maxMessageBytes = self.maxMessageBytes
        let close = try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, writer, _ in
            await onOpen()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await command in outbound {
                        switch command {
                        case .text(let text):
                            try await writer.write(.text(text))
                        case .close:
                            try? await writer.close(.normalClosure, reason: nil)
                            // A stalled server never answers the close: stop reading after a moment.
                            try await Task.sleep(for: .seconds(2))
                            throw Closed()
                        }
                    }
                }
                for try await message in inbound.messages(maxSize: maxMessageBytes) {
                    if case .text(let text) = message { await onText(text) }
                }
                group.cancelAll()
            }
        }
        return close.map { "close \($0.closeCode) \($0.reason ?? "")" } ?? "closed without a close frame"
    }
}
