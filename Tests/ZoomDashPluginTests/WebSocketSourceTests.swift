import Foundation
import Logging
import Synchronization
import Testing
@testable import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage

/// The `zoom.websocket` source over a scripted transport, into the real ingestor and store.
@Suite(.timeLimit(.minutes(5)))
struct WebSocketSourceTests {
    /// Each connection plays one script: frames after the upgrade, then how it ends.
    enum Ending: Sendable { case reset, closeFrame, hang }
    struct Script: Sendable {
        var frames: [String]
        var ending: Ending
    }

    final class ScriptedTransport: WebSocketTransport {
        let scripts: Mutex<[Script]>
        let urls = Mutex<[String]>([])
        let sent = Mutex<[String]>([])

        init(_ scripts: [Script]) {
            self.scripts = Mutex(scripts)
        }

        func run(
            url: String, outbound: AsyncStream<WebSocketOutbound>, onOpen: @escaping @Sendable () async -> Void,
            onText: @escaping @Sendable (String) async -> Void
        ) async throws -> String {
            urls.withLock { $0.append(url) }
            let script = scripts.withLock { $0.isEmpty ? Script(frames: [], ending: .hang) : $0.removeFirst() }
            await onOpen()
            for frame in script.frames { await onText(frame) }
            switch script.ending {
            case .reset: return "connection reset by peer"
            case .closeFrame: return "close 1000 Bye"
            case .hang:
                for await command in outbound {
                    if case .text(let text) = command { sent.withLock { $0.append(text) } } else { break }
                }
                return "closed by us"
            }
        }
    }

    final class Tokens: WebSocketTokenSource {
        let issued = Mutex(0)
        func token(grant: ZoomTokenGrant, minimumLifetimeSeconds: Double) async throws -> String { "tok-\(issued.withLock { $0 += 1; return $0 })" }
        func invalidate(_ token: String) async {}
    }

    static let success = #"{"module":"build_connection","success":true,"content":"ok","header":{}}"#

    /// Of a meeting that started a few minutes ago: a gap now finds it active.
    static func message(_ name: String, minute: Int) -> String {
        let format = ISO8601DateFormatter()
        let start = format.string(from: Date().addingTimeInterval(-600))
        let join = format.string(from: Date().addingTimeInterval(Double(-600 + minute * 60)))
        let event = #"{"event":"meeting.participant_joined","event_ts":1,"payload":{"account_id":"A","object":{"uuid":"M1","id":81234567890,"topic":"Class","start_time":"\#(start)","participant":{"user_name":"\#(name)","participant_uuid":"P-\#(name)","user_id":"1","join_time":"\#(join)"}}}}"#
        let quoted = event.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"module":"message","content":""# + quoted + #""}"#
    }

    func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zd-ws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func settingsTakeABareIdOrAPastedEndpointURL() throws {
        func settings(_ text: String) throws -> WebSocketSourceSettings {
            let config = try ConfigLoader(environment: [:]).parse("[sources.ws]\ntype = \"zoom.websocket\"\n" + text, file: "z.toml")
            return try ZoomWebSocketSource.settings(from: try #require(config.sources["ws"]).section)
        }
        #expect(try settings("subscription_id = \"ZhPGtK84QbapRWXzEBW7MA\"\n") == WebSocketSourceSettings(subscriptionID: "ZhPGtK84QbapRWXzEBW7MA"))
        let pasted = try settings("subscription_id = \"wss://ws.zoom.us/ws?subscriptionId=ZhPGtK84QbapRWXzEBW7MA\"\n")
        #expect(pasted.subscriptionID == "ZhPGtK84QbapRWXzEBW7MA")
        #expect(pasted.url == "wss://ws.zoom.us/ws")
        #expect(try settings("subscription_id = \"abc\"\nurl = \"ws://127.0.0.1:9/ws\"\n").url == "ws://127.0.0.1:9/ws")
        #expect(throws: ConfigError.self) { try settings("subscription_id = \"abc\"\nheartbeat = \"60s\"\nwatchdog = \"30s\"\n") }
        #expect(throws: ConfigError.self) { try settings("subscription_id = \"a b\"\n") }
    }

    @Test func theTokenGoesInTheQueryStringPercentEncoded() {
        #expect(
            WebSocketSession<ContinuousClock>.address("wss://ws.zoom.us/ws", subscriptionID: "Zh_PG-1", token: "a+b/c=")
                == "wss://ws.zoom.us/ws?subscriptionId=Zh_PG-1&access_token=a%2Bb%2Fc%3D")
    }

    @Test func oneDaemonPerSubscription() throws {
        let dir = try directory()
        let first = try SubscriptionLock(directory: dir, subscriptionID: "sub1")
        #expect(throws: WebSocketSourceError.subscriptionInUse(path: first.path)) { try SubscriptionLock(directory: dir, subscriptionID: "sub1") }
        _ = try SubscriptionLock(directory: dir, subscriptionID: "sub2")
        withExtendedLifetime(first) {}
    }

    @Test func eventsGoThroughTheIngestorAndAResetIsAGapThatQueuesItsMeetings() async throws {
        let dir = try directory()
        let store = try ZoomDashStore(path: dir + "/store.sqlite")
        let ingestor = WebhookIngestor(store: store, monitored: { _ in true }, now: { 1_763_625_600 }, onCommitted: { _ in })
        let transport = ScriptedTransport([
            // Zoom repeats an event (two subscriptions, or a repeated business event): stored once.
            Script(frames: [Self.success, Self.message("Ann", minute: 1), Self.message("Ann", minute: 1), #"{"module":"rtms","content":{}}"#], ending: .reset),
            Script(frames: [Self.success, Self.message("Bob", minute: 2)], ending: .hang),
        ])
        let source = ZoomWebSocketSource(
            name: "ws", settings: WebSocketSourceSettings(subscriptionID: "sub", url: "ws://127.0.0.1:1/ws"), tokens: Tokens(), store: store,
            lockDirectory: dir, transport: transport, logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try? await ingestor.run() }
            group.addTask { try await source.run(into: ingestor) }
            // Wait until the second connection delivered Bob (the first delay of the backoff is 1 s).
            while source.status.snapshot.events[.stored, default: 0] < 2 || !source.status.snapshot.connected {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(100))
            group.cancelAll()
        }
        let status = source.status.snapshot
        #expect(status.events == [.stored: 2, .duplicate: 1])
        #expect(status.messagesByModule == ["build_connection": 2, "message": 3, "rtms": 1])
        #expect(status.reconnects == ["closed": 1])
        #expect(status.gaps == 1)
        #expect(transport.urls.withLock { $0 } == ["ws://127.0.0.1:1/ws?subscriptionId=sub&access_token=tok-1", "ws://127.0.0.1:1/ws?subscriptionId=sub&access_token=tok-2"])
        let gaps = try await store.liveSourceGaps(source: "ws")
        #expect(gaps.count == 1)
        #expect(gaps.first?.meetings == 1, "the meeting active during the gap is queued for the REST collectors")
        #expect(try await store.triggeredFetchCount() == 1)
        let events = try SQLiteConnection(path: dir + "/store.sqlite", readOnly: true).scalarInt("SELECT COUNT(*) FROM webhook_events")
        #expect(events == 2)
    }
    /// The daemon's own downtime is a gap too: the next run finds when the last one was live.
    @Test func aRestartIsAGapFromTheLastLiveMoment() async throws {
        let dir = try directory()
        let store = try ZoomDashStore(path: dir + "/store.sqlite")
        for run in 0..<2 {
            // A cancelled ingestor stays closed, as at a daemon's shutdown: one per run.
            let ingestor = WebhookIngestor(store: store, monitored: { _ in true }, now: { 1_763_625_600 }, onCommitted: { _ in })
            let source = ZoomWebSocketSource(
                name: "ws", settings: WebSocketSourceSettings(subscriptionID: "sub", url: "ws://127.0.0.1:1/ws"), tokens: Tokens(), store: store,
                lockDirectory: dir, transport: ScriptedTransport([Script(frames: [Self.success, Self.message("P\(run)", minute: run)], ending: .hang)]),
                logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try? await ingestor.run() }
                group.addTask { try await source.run(into: ingestor) }
                while source.status.snapshot.events[.stored, default: 0] < 1 { try await Task.sleep(for: .milliseconds(20)) }
                try await Task.sleep(for: .milliseconds(1100))  // the checkpoint has a second's resolution
                group.cancelAll()
            }
            #expect(source.status.snapshot.gaps == run, "the first run knows of no earlier one")
        }
        let gaps = try await store.liveSourceGaps(source: "ws")
        #expect(gaps.count == 1)
        #expect(gaps.first.map { $0.to - $0.from >= 1 } == true)
    }
}
