import Foundation
import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashZoomAPI

/// `[sources.NAME] type = "zoom.websocket"`: Zoom's WebSocket event subscription, a connection the
/// daemon opens outward (no public endpoint needed). Its events take the webhook's path: the same
/// parser, the same ingest (dedupe by business key, durable commit), so webhooks and this source
/// together count nothing twice. Zoom replays nothing sent while it was disconnected: each gap is
/// stored and its meetings are queued for the REST collectors (docs/websocket.md).
public struct ZoomWebSocketSource: LiveEventSource, PluginType {
    public static let type = "zoom.websocket"

    public let name: String
    public let settings: WebSocketSourceSettings
    public let status: WebSocketStatus
    private let tokens: (any WebSocketTokenSource)?
    private let store: ZoomDashStore?
    private let lockDirectory: String
    private let transport: any WebSocketTransport
    private let logger: Logger

    public static func settings(from section: ConfigSection) throws(ConfigError) -> WebSocketSourceSettings {
        try WebSocketSourceSettings.read(section)
    }

    public init(name: String, settings: WebSocketSourceSettings, dependencies: SourceDependencies) throws {
        self.init(
            name: name, settings: settings, tokens: dependencies.tokens, store: dependencies.store,
            lockDirectory: settings.lockDirectory ?? dependencies.stateDirectory, transport: WSClientTransport(logger: dependencies.logger),
            logger: dependencies.logger)
    }

    init(
        name: String, settings: WebSocketSourceSettings, tokens: (any WebSocketTokenSource)?, store: ZoomDashStore?, lockDirectory: String,
        transport: any WebSocketTransport, logger: Logger
    ) {
        self.name = name
        self.settings = settings
        self.tokens = tokens
        self.store = store
        self.lockDirectory = lockDirectory
        self.transport = transport
        self.logger = logger
        status = WebSocketStatus(name: name, unhealthyAfterSeconds: settings.unhealthyAfterSeconds)
    }

    public func run(into ingest: any LiveEventIngest) async throws {
        guard let tokens else { throw WebSocketSourceError.missingCredentials }
        guard let store else { throw WebSocketSourceError.noStore }
        let lock = try SubscriptionLock(directory: lockDirectory, subscriptionID: settings.subscriptionID)
        defer { withExtendedLifetime(lock) {} }
        var machine = WebSocketConnectionMachine.Settings()
        machine.heartbeatSeconds = settings.heartbeatSeconds
        machine.watchdogSeconds = settings.watchdogSeconds
        machine.handshakeTimeoutSeconds = settings.handshakeTimeoutSeconds
        machine.grant = settings.grant
        let name = self.name
        let logger = self.logger
        let aliveKey = "websocket.\(name).live_until"
        let resumedFrom = (try? await store.checkpoint(aliveKey)).flatMap { $0 }.flatMap(Double.init)
        var session = WebSocketSession(
            url: settings.url, subscriptionID: settings.subscriptionID, machineSettings: machine, transport: transport, tokens: tokens,
            clock: ContinuousClock(), wallNow: { Date().timeIntervalSince1970 }, status: status, logger: logger,
            onGap: { gap in
                do {
                    let recorded = try await store.recordLiveSourceGap(
                        source: name, from: UnixSeconds(gap.lowerBound.rounded(.down)), to: UnixSeconds(gap.upperBound.rounded(.up)))
                    logger.warning(
                        "Zoom WebSocket gap recorded; its meetings are reconciled from the REST API",
                        metadata: [
                            "websocket.source": "\(name)", "websocket.gap_s": "\(recorded.to - recorded.from)",
                            "websocket.gap_from": "\(recorded.from)", "websocket.meetings_queued": "\(recorded.meetings)",
                        ])
                } catch {
                    logger.error("could not record a Zoom WebSocket gap", metadata: ["websocket.source": "\(name)", "error": "\(error)"])
                }
            })
        session.resumedFrom = resumedFrom
        session.onAlive = { time in try? await store.setCheckpoint(aliveKey, String(Int64(time)), now: UnixSeconds(time)) }
        await session.run(into: ingest)
    }
}

extension ZoomTokenProvider: WebSocketTokenSource {}
