import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import ServiceLifecycle

/// The fake Zoom WebSocket endpoint: `GET /ws?subscriptionId=&access_token=` with an upgrade. Only
/// the query is read (an `Authorization` header is ignored, so a client sending its token there gets
/// `token is empty`); tokens are checked by `tokenCheck` (on `zoomsim serve`'s port: the simulator's
/// OAuth tokens, their grant and expiry). The first frame is `build_connection`; heartbeats are
/// answered; events come from ``WebSocketHub/publish(_:)``. Served on a port of its own
/// (``run(host:port:handleSignals:logger:onListening:)``) or on the simulator's
/// (``ZoomSimulator/init(config:scenario:webSocket:)``).
public struct ZoomWebSocketServer: Sendable {
    /// What the server knows of a token: the OAuth grant it came from and the seconds it has left
    /// (nil: it does not expire).
    public struct TokenCheck: Sendable, Equatable {
        public var grant: String
        public var secondsLeft: Double?

        public init(grant: String = "account_credentials", secondsLeft: Double? = nil) {
            self.grant = grant
            self.secondsLeft = secondsLeft
        }
    }

    public typealias Upgrade = ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>

    public let hub: WebSocketHub
    /// Seconds after a connection opened at which its token counts as expired (the fault's trigger);
    /// nil: when the token itself expires.
    public var tokenTTLSeconds: Double?
    let tokenCheck: @Sendable (String) async -> TokenCheck?

    /// Any non-empty token is valid (the standalone `zoomsim websocket`, tests).
    public init(hub: WebSocketHub = WebSocketHub(), tokenTTLSeconds: Double? = nil, tokenValid: @escaping @Sendable (String) async -> Bool = { !$0.isEmpty }) {
        self.init(hub: hub, tokenTTLSeconds: tokenTTLSeconds, tokenCheck: { await tokenValid($0) ? TokenCheck() : nil })
    }

    public init(hub: WebSocketHub, tokenTTLSeconds: Double? = nil, tokenCheck: @escaping @Sendable (String) async -> TokenCheck?) {
        self.hub = hub
        self.tokenTTLSeconds = tokenTTLSeconds
        self.tokenCheck = tokenCheck
    }

    static let configuration = WebSocketServerConfiguration(maxFrameSize: 16 << 20, autoPing: .disabled)

    /// Serves until cancelled (or, with `handleSignals`, SIGTERM/SIGINT).
    public func run(host: String = "127.0.0.1", port: Int = 0, handleSignals: Bool = false, logger: Logger? = nil,
                    onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = makeApplication(host: host, port: port, logger: logger, onListening: onListening)
        if handleSignals { try await app.runService() } else { try await app.run() }
    }

    /// Runs `body` with the endpoint's URL (`ws://127.0.0.1:PORT/ws`) while the server runs.
    public func withRunningServer<Result: Sendable>(_ body: @Sendable (_ url: String) async throws -> Result) async throws -> Result {
        try await LoopbackRunner.withRunning({ makeApplication(host: "127.0.0.1", port: 0, logger: nil, onListening: $0) }) { bound in
            try await body("ws://127.0.0.1:\(bound)/ws")
        }
    }

    private func makeApplication(host: String, port: Int, logger: Logger?, onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        var quietLogger = logger ?? Logger(label: "zoomsim.ws", factory: { StreamLogHandler.standardError(label: $0) })
        if logger == nil { quietLogger.logLevel = .warning }
        let router = Router()
        router.get("/ws") { _, _ in Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "WebSocket upgrade required"))) }
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(ws: Self.configuration)) { request, channel, _ in upgrade(request, channel: channel) },
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: quietLogger)
    }

    /// Whether `request` is an upgrade to `/ws`, and if so the connection's life: the handshake
    /// (judged by the token and the faults), then events, heartbeat answers and the scripted faults
    /// until one side ends it.
    public func upgrade(_ request: HTTPRequest, channel: any Channel) -> Upgrade {
        guard let target = request.path, target.split(separator: "?").first == "/ws" else { return .dontUpgrade }
        let query = Self.query(target)
        let subscriptionID = query["subscriptionId"] ?? ""
        let token = query["access_token"] ?? ""
        let hub = self.hub
        let tokenCheck = self.tokenCheck
        let fixedTTL = tokenTTLSeconds
        return .upgrade([:]) { inbound, outbound, _ in
            let check = token.isEmpty ? nil : await tokenCheck(token)
            if let failure = await hub.attempt(subscriptionID: subscriptionID, token: token, grant: check?.grant) {
                try await outbound.write(.text(#"{"module":"build_connection","success":false,"content":"# + JSONValue.string(failure).serialized() + #","header":{}}"#))
                try await outbound.close(.normalClosure, reason: "Bye")
                return
            }
            let connection = await hub.register()
            try await outbound.write(.text(#"{"module":"build_connection","success":true,"content":"ok","header":{}}"#))
            let faults = await hub.faults
            let ttl = fixedTTL ?? check?.secondsLeft
            let reason: String = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message, text.contains("\"heartbeat\"") { await hub.heartbeat(from: connection.id) }
                    }
                    return "client closed"
                }
                group.addTask {
                    for await command in connection.commands {
                        switch command {
                        case .text(let text): try await Self.write(text, to: outbound, maxFrame: faults.maxFrameBytes)
                        case .close(let why):
                            try? await outbound.close(.normalClosure, reason: why)
                            return "closed: \(why)"
                        case .reset:
                            try? await channel.close()
                            return "reset"
                        }
                    }
                    return nil
                }
                if let ttl {
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(Int64(ttl * 1000)))
                        await hub.tokenExpired(for: connection.id)
                        return nil
                    }
                }
                if let timeout = faults.heartbeatTimeoutSeconds {
                    group.addTask {
                        while await !hub.heartbeatOverdue(connection.id, after: timeout) {
                            try await Task.sleep(for: .milliseconds(Int64(timeout * 250)))
                        }
                        try? await outbound.close(.normalClosure, reason: "Bye")
                        return "no heartbeat for \(timeout) s"
                    }
                }
                while let next = try await group.next() {
                    if let next {
                        group.cancelAll()
                        return next
                    }
                }
                return "ended"
            }
            await hub.ended(connection.id, reason: reason)
        }
    }

    /// A message longer than `maxFrame` goes out as a first frame and continuations.
    static func write(_ text: String, to outbound: WebSocketOutboundWriter, maxFrame: Int) async throws {
        let bytes = Array(text.utf8)
        guard bytes.count > maxFrame else { return try await outbound.write(.text(text)) }
        try await outbound.withTextMessageWriter { write in
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + maxFrame)
                try await write(ByteBuffer(bytes: bytes[start..<end]))
                start = end
            }
        }
    }

    static func query(_ target: String) -> [String: String] {
        guard let query = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            result[parts[0]] = parts[1].removingPercentEncoding ?? parts[1]
        }
        return result
    }
}
