import Foundation
import Logging
import Testing
import ZoomDashCollectors
import ZoomDashCore
import ZoomDashHTTPClient
@testable import ZoomDashPlugins
import ZoomDashZoomAPI
import ZoomSimKit

/// `zoomdashctl doctor`'s line for `[sources.NAME] type = "zoom.websocket"`: each verdict of one
/// handshake with the real token, and the handshake itself against zoomsim's own socket.
@Suite(.timeLimit(.minutes(5)))
struct WebSocketDoctorTests {
    static let settings = WebSocketSourceSettings(subscriptionID: "sub-doc", url: "ws://127.0.0.1:1/ws")

    static func session(_ base: String = "http://zoom.test") -> ZoomProbeSession {
        var zoom = ZoomSettings()
        zoom.accountID = "sim-account"
        zoom.clientID = "sim-client"
        zoom.clientSecret = "sim-secret"
        zoom.apiURL = base + "/v2"
        zoom.oauthURL = base + "/oauth/token"
        let http: any HTTPClient = base == "http://zoom.test"
            ? DoctorFakeHTTP { _ in DoctorFakeHTTP.json(200, #"{"access_token":"T","token_type":"bearer","expires_in":3599}"#) } : CurlHTTPClient()
        return ZoomProbeSession(settings: zoom, http: http, now: { Date().timeIntervalSince1970 }, logger: Logger(label: "test"))
    }

    static func check(_ outcome: WebSocketHandshakeProbe.Outcome, lockDirectory: String = NSTemporaryDirectory()) async -> DoctorCheck {
        await WebSocketSourceCheck(name: "ws", settings: settings, lockDirectory: lockDirectory, session: session()) { _, token in
            #expect(token == "T", "the REST client's token")
            return outcome
        }.examine()
    }

    @Test func eachHandshakeOutcomeIsExplained() async throws {
        let accepted = await Self.check(.accepted)
        #expect(accepted.status == .ok)
        #expect(accepted.detail.contains("accepted subscription sub-doc"))
        let replaced = await Self.check(.acceptedThenReplaced(detail: "close 1000 Bye"))
        #expect(replaced.status == .warning)
        #expect(replaced.detail.contains("another client holds it"))
        let token = await Self.check(.rejected(content: "Token is invalid"))
        #expect(token.status == .problem)
        #expect(token.fix?.contains("token_grant") == true)
        let subscription = await Self.check(.rejected(content: "Invalid subscriptionId"))
        #expect(subscription.status == .problem)
        #expect(subscription.fix?.contains("subscriptionId from the endpoint URL") == true)
        #expect(await Self.check(.noHandshake(detail: "closed")).status == .problem)
        let unreachable = await Self.check(.unreachable(detail: "connection refused"))
        #expect(unreachable.fix?.contains("outbound TCP 443") == true)
    }

    @Test func aSubscriptionADaemonHoldsIsNotTakenFromIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-wsdoc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // The daemon's source holds the lock while it runs (here: the lock alone, as it takes it).
        let held = WebSocketHandshakeProbe.heldByADaemon(settings: Self.settings, lockDirectory: directory)
        #expect(!held)
        let check = await WebSocketSourceCheck(name: "ws", settings: Self.settings, lockDirectory: directory, session: Self.session()) { _, _ in
            Issue.record("no handshake while a daemon holds the subscription")
            return .accepted
        }
        let fd = open(directory + "/zoomdash-websocket-sub-doc.lock", O_RDWR | O_CREAT, 0o644)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let verdict = await check.examine()
        #expect(verdict.status == .ok)
        #expect(verdict.detail.contains("a zoomdashd holds this subscription"))
    }

    /// The real probe against `zoomsim serve`'s socket: accepted with the simulator's token; a
    /// subscription it refuses, by its words.
    @Test func theHandshakeAgainstZoomsimsOwnSocket() async throws {
        let hub = WebSocketHub()
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: ScenarioOptions(seed: 7, days: 1, hosts: 1, classesPerHostPerDay: 1)), webSocket: hub)
        try await simulator.withRunningServer { base in
            let settings = WebSocketSourceSettings(subscriptionID: "sub-doc", url: base.replacingOccurrences(of: "http://", with: "ws://") + "/ws")
            let session = Self.session(base)
            let check = WebSocketSourceCheck(name: "ws", settings: settings, lockDirectory: NSTemporaryDirectory(), session: session) { settings, token in
                var probe = WebSocketHandshakeProbe(settings: settings, logger: Logger(label: "test"))
                probe.watchSeconds = 0.2
                return await probe.run(token: token)
            }
            let accepted = await check.examine()
            #expect(accepted.status == .ok, "\(accepted.detail)")
            #expect(await hub.connects.count == 1)
            var faults = WebSocketFaults()
            faults.handshakeFailure = "Invalid subscriptionId"
            await hub.setFaults(faults)
            let refused = await check.examine()
            #expect(refused.status == .problem)
            #expect(refused.detail.contains("Invalid subscriptionId"), "\(refused.detail)")
        }
    }
}
