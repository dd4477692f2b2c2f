import Foundation
import Logging
import Synchronization
import Testing
@testable import ZoomDashCollectors
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashZoomAPI
import ZoomSimKit

/// The `zoom.websocket` source over a real socket against zoomsim's fake endpoint, into the webhook
/// path's ingestor and store.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct WebSocketZoomSimTests {
    static let events = Scenario.generate(ScenarioOptions(seed: 7, days: 1, hosts: 2, classesPerHostPerDay: 2)).webhookEvents()

    final class Tokens: WebSocketTokenSource {
        let issued = Mutex(0)
        let invalidated = Mutex<[String]>([])
        func token(grant: ZoomTokenGrant, minimumLifetimeSeconds: Double) async throws -> String { "tok-\(issued.withLock { $0 += 1; return $0 })" }
        func invalidate(_ token: String) async { invalidated.withLock { $0.append(token) } }
    }

    struct Rig {
        let store: ZoomDashStore
        let ingestor: WebhookIngestor
        let path: String
        let directory: String

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-wssim-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            path = directory + "/store.sqlite"
            store = try ZoomDashStore(path: path)
            ingestor = WebhookIngestor(store: store, monitored: { _ in true }, now: { Int64(Date().timeIntervalSince1970) }, onCommitted: { _ in })
        }

        func source(url: String, heartbeat: Double = 25, watchdog: Double = 60, handshakeTimeout: Double = 10, tokens: Tokens = Tokens()) -> ZoomWebSocketSource {
            var settings = WebSocketSourceSettings(subscriptionID: "sub-1", url: url)
            settings.heartbeatSeconds = heartbeat
            settings.watchdogSeconds = watchdog
            settings.handshakeTimeoutSeconds = handshakeTimeout
            return ZoomWebSocketSource(
                name: "ws", settings: settings, tokens: tokens, store: store, lockDirectory: directory,
                transport: WSClientTransport(logger: Logger(label: "test")), logger: Logger(label: "test"))
        }

        func storedEvents() throws -> Int64 {
            try SQLiteConnection(path: path, readOnly: true).scalarInt("SELECT COUNT(*) FROM webhook_events")
        }

        /// Runs the ingestor and the source while `body` runs.
        func whileRunning(_ source: ZoomWebSocketSource, _ body: @Sendable () async throws -> Void) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try? await ingestor.run() }
                group.addTask { try await source.run(into: ingestor) }
                try await body()
                group.cancelAll()
            }
        }
    }

    static func until(_ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(30)
        while try await !condition() {
            guard Date() < deadline else { throw Timeout(what: what) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct Timeout: Error { var what: String }

    /// The simulator's Server-to-Server app at `base`.
    static func simulatorCredentials(_ base: String) -> ZoomSettings {
        var zoom = ZoomSettings()
        zoom.accountID = "sim-account"
        zoom.clientID = "sim-client"
        zoom.clientSecret = "sim-secret"
        zoom.oauthURL = base + "/oauth/token"
        return zoom
    }

    /// The day's events over the socket are stored exactly as the same events POSTed as webhooks.
    @Test func aLiveDayOverTheSocketStoresWhatTheWebhookPathStores() async throws {
        let webhook = try Rig()
        try await webhook.whileRunning(webhook.source(url: "ws://127.0.0.1:1/ws")) {
            for event in Self.events { _ = try await webhook.ingestor.ingest(try WebhookParser.parse(Array(event.body.utf8))) }
        }
        var faults = WebSocketFaults()
        faults.duplicateEvery = 7
        faults.reorderWindow = 3
        faults.unknownModuleEvery = 11
        faults.maxFrameBytes = 256  // most events come in several frames
        let hub = WebSocketHub(faults: faults)
        let rig = try Rig()
        try await ZoomWebSocketServer(hub: hub).withRunningServer { url in
            let source = rig.source(url: url)
            try await rig.whileRunning(source) {
                try await Self.until("live") { await hub.isLive }
                for event in Self.events { await hub.publish(event.body) }
                await hub.flush()
                try await Self.until("all stored") { source.status.snapshot.events.values.reduce(0, +) >= Self.events.count + Self.events.count / 7 }
            }
            let status = source.status.snapshot
            #expect(status.events[.stored] == Self.events.count)
            #expect(status.events[.duplicate] == Self.events.count / 7)
            #expect(status.messagesByModule["sim_notice"] == Self.events.count / 11)
            #expect(status.reconnects.isEmpty)
        }
        #expect(try rig.storedEvents() == webhook.storedEvents())
        #expect(Self.events.count > 50)
        let connects = await hub.connects
        #expect(connects.map(\.subscriptionID) == ["sub-1"])
    }

    /// A silent stall is caught by the watchdog, an abrupt reset by the socket's end; both reconnect,
    /// and each gap is stored with its meetings queued for the REST collectors.
    @Test func aStallAndAResetAreDetectedAndRecovered() async throws {
        let hub = WebSocketHub()
        let rig = try Rig()
        let half = Self.events.count / 2
        try await ZoomWebSocketServer(hub: hub).withRunningServer { url in
            let source = rig.source(url: url, heartbeat: 1, watchdog: 3)
            try await rig.whileRunning(source) {
                try await Self.until("live") { await hub.isLive }
                for event in Self.events.prefix(half) { await hub.publish(event.body) }
                try await Self.until("first half stored") { source.status.snapshot.events[.stored, default: 0] == half }
                await hub.stall(true)
                try await Self.until("watchdog") { source.status.snapshot.reconnects["watchdog"] == 1 }
                await hub.stall(false)
                try await Self.until("live again") { source.status.snapshot.connected && source.status.snapshot.gaps == 1 }
                await hub.reset()
                try await Self.until("reset seen") { source.status.snapshot.reconnects["closed"] == 1 }
                try await Self.until("live a third time") { source.status.snapshot.connected && source.status.snapshot.gaps == 2 }
                for event in Self.events.dropFirst(half) { await hub.publish(event.body) }
                try await Self.until("second half stored") { source.status.snapshot.events[.stored, default: 0] == Self.events.count }
            }
            #expect(await hub.heartbeats >= 2, "heartbeats were sent")
            #expect(await hub.connects.count == 3)
        }
        let gaps = try await rig.store.liveSourceGaps(source: "ws")
        #expect(gaps.count == 2)
        #expect(try rig.storedEvents() == Int64(Self.events.count))
    }

    /// Both live sources at once: every event arrives twice, is stored once.
    @Test func webhookAndWebSocketTogetherCountNothingTwice() async throws {
        let hub = WebSocketHub()
        let rig = try Rig()
        try await ZoomWebSocketServer(hub: hub).withRunningServer { url in
            let source = rig.source(url: url)
            try await rig.whileRunning(source) {
                try await Self.until("live") { await hub.isLive }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for event in Self.events { await hub.publish(event.body) } }
                    group.addTask {
                        for event in Self.events { _ = try await rig.ingestor.ingest(try WebhookParser.parse(Array(event.body.utf8))) }
                    }
                    try await group.waitForAll()
                }
                try await Self.until("socket done") { source.status.snapshot.events.values.reduce(0, +) == Self.events.count }
            }
        }
        #expect(try rig.storedEvents() == Int64(Self.events.count))
    }

    /// Token expiry on a live socket, in the two modes that do something: a token complaint is met with
    /// a fresh token at once; a close is an ordinary reconnect.
    @Test(arguments: [WebSocketFaults.TokenExpiry.invalidTokenFrame, .close])
    func tokenExpiryWhileConnectedReconnects(_ mode: WebSocketFaults.TokenExpiry) async throws {
        var faults = WebSocketFaults()
        faults.tokenExpiry = mode
        let hub = WebSocketHub(faults: faults)
        let rig = try Rig()
        try await ZoomWebSocketServer(hub: hub, tokenTTLSeconds: 0.3).withRunningServer { url in
            let source = rig.source(url: url)
            try await rig.whileRunning(source) {
                try await Self.until("reconnected") { await hub.connects.count >= 2 && source.status.snapshot.connected }
                await hub.setFaults(WebSocketFaults())
            }
            let reason = mode == .close ? "closed" : "token_rejected"
            #expect(source.status.snapshot.reconnects[reason, default: 0] >= 1)
        }
    }

    /// Two clients on one subscription (two daemons on two machines: the lock cannot see that): Zoom
    /// keeps the newest, so each keeps closing the other, and both say so.
    @Test func twoClientsOnOneSubscriptionReportItAsTaken() async throws {
        let hub = WebSocketHub()
        let first = try Rig()
        let second = try Rig()
        try await ZoomWebSocketServer(hub: hub).withRunningServer { url in
            let a = first.source(url: url)
            let b = second.source(url: url)
            try await first.whileRunning(a) {
                try await second.whileRunning(b) {
                    try await Self.until("taken") { a.status.snapshot.suspectedTaken || b.status.snapshot.suspectedTaken }
                }
            }
        }
        #expect(await hub.closes.filter { $0 == "replaced by a newer connection" }.count >= 3)
    }

    /// A token Zoom rejects is forgotten and replaced: at once when its refusal is read, after the
    /// handshake timeout and one backoff when the client library lost the refusal (Zoom closes within
    /// milliseconds of the 101; docs/websocket.md). Which of the two happens is the machine's timing.
    @Test func aRejectedTokenIsReplaced() async throws {
        let hub = WebSocketHub()
        let rig = try Rig()
        let tokens = Tokens()
        try await ZoomWebSocketServer(hub: hub, tokenValid: { $0 != "tok-1" }).withRunningServer { url in
            let source = rig.source(url: url, handshakeTimeout: 3, tokens: tokens)
            try await rig.whileRunning(source) {
                try await Self.until("live") { source.status.snapshot.connected }
                #expect(await hub.connects.map(\.token) == ["tok-1", "tok-2"])
                #expect(tokens.invalidated.withLock { $0 } == ["tok-1"])
                let reconnects = source.status.snapshot.reconnects
                #expect(reconnects == ["handshake_failed": 1] || reconnects == ["handshake_timeout": 1], "\(reconnects)")
            }
        }
    }

    /// `zoomsim serve`'s own port: `/ws` takes the tokens of its `/oauth/token`, through the shared
    /// provider. This socket takes only app-level tokens: the account token (cached, then fresh) is
    /// refused, one `client_credentials` token goes live, and the grant is kept for the next connection.
    @Test func theSimulatorsOwnSocketFallsBackToTheOtherGrantThroughTheSharedProvider() async throws {
        var faults = WebSocketFaults()
        faults.acceptedGrants = ["client_credentials"]
        let hub = WebSocketHub(faults: faults)
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: ScenarioOptions(seed: 7, days: 1, hosts: 1, classesPerHostPerDay: 1)), webSocket: hub)
        let rig = try Rig()
        try await simulator.withRunningServer { base in
            let zoom = Self.simulatorCredentials(base)
            let provider = ZoomTokenProvider(settings: zoom, http: CurlHTTPClient(), logger: Logger(label: "test")) { Date().timeIntervalSince1970 }
            // The REST client's token, cached, is what the socket tries first.
            let restToken = try await provider.token()
            let source = ZoomWebSocketSource(
                name: "ws", settings: WebSocketSourceSettings(subscriptionID: "sub-1", url: base.replacingOccurrences(of: "http://", with: "ws://") + "/ws"),
                tokens: provider, store: rig.store, lockDirectory: rig.directory, transport: WSClientTransport(logger: Logger(label: "test")),
                logger: Logger(label: "test"))
            try await rig.whileRunning(source) {
                try await Self.until("live") { source.status.snapshot.connected }
                let connects = await hub.connects
                #expect(connects.map(\.grant) == ["account_credentials", "account_credentials", "client_credentials"])
                #expect(connects.first?.token == restToken)
                #expect(source.status.snapshot.grant == .clientCredentials)
                // The REST API still gets an account token (the rejected one was forgotten, a new one fetched).
                let rest = try await provider.token()
                #expect(rest != restToken)
                await hub.reset()
                try await Self.until("live again") { await hub.connects.count == 4 && source.status.snapshot.connected }
                #expect(await hub.connects.last?.grant == "client_credentials", "the grant that went live is kept")
            }
        }
    }

    /// The shared provider gives a connect a token with 5 minutes left: the cached one while it has
    /// them (the REST client's), a renewed one (shared from then on) when it has less.
    @Test func aConnectTakesATokenWithFiveMinutesLeftAndRenewsOneWithLess() async throws {
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: ScenarioOptions(seed: 7, days: 1, hosts: 1, classesPerHostPerDay: 1), tokenTTLSeconds: 400))
        try await simulator.withRunningServer { base in
            let zoom = Self.simulatorCredentials(base)
            let skew = Mutex(0.0)
            let provider = ZoomTokenProvider(settings: zoom, http: CurlHTTPClient(), logger: Logger(label: "test")) {
                Date().timeIntervalSince1970 + skew.withLock { $0 }
            }
            let first = try await provider.token()
            #expect(try await provider.token(grant: .accountCredentials, minimumLifetimeSeconds: 300) == first, "399 s left")
            skew.withLock { $0 = 150 }
            #expect(try await provider.token() == first, "the REST client renews only a minute before expiry")
            let renewed = try await provider.token(grant: .accountCredentials, minimumLifetimeSeconds: 300)
            #expect(renewed != first, "249 s left is too little for a connect")
            #expect(try await provider.token() == renewed, "one provider: the REST client takes the renewed token too")
            #expect(await provider.remainingLifetime().map { $0 > 390 } == true)
        }
    }
}
