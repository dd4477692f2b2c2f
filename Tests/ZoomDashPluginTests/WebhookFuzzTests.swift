import Foundation
import Synchronization
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Testing
@testable import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
@testable import ZoomDashServer
import ZoomDashSinks
import ZoomDashStorage
import ZoomSimKit


/// Random and mutated webhook bodies, signed and unsigned, through the real server in-process (over a
/// socket, so through the event-loop handler that answers webhooks): no input may crash the daemon (a
/// trap ends this test process), and every answer is one of the documented statuses with a JSON body. Bounded: `ZOOMDASH_FUZZ_SECONDS` (default 2, and at least
/// 500 inputs) of inputs;
/// run longer by hand, e.g. `ZOOMDASH_FUZZ_SECONDS=600 swift test --filter WebhookFuzzTests`.
@Suite(.timeLimit(.minutes(30))) struct WebhookFuzzTests {
    /// xorshift64*: reproducible from the printed seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static let seeds = [
        #"{"event":"meeting.participant_left","event_ts":1700000000000,"payload":{"account_id":"A","object":{"uuid":"/ab==","id":81234567890,"topic":"Class","host_id":"H","start_time":"2026-11-20T08:00:00Z","participant":{"user_id":"1","user_name":"Ann","participant_uuid":"P","email":"","leave_time":"2026-11-20T08:10:00Z","leave_reason":"got disconnected. Reason : Network connection error."}}}}"#,
        #"{"event":"meeting.alert","event_ts":1,"payload":{"object":{"uuid":"U","id":"5","issues":["Unstable audio quality"],"start_time":"2026-11-20T08:00:00Z"}}}"#,
        #"{"event":"meeting.ended","event_ts":1,"payload":{"object":{"uuid":"U","id":"5","start_time":"2026-11-20T08:00:00Z","end_time":"2026-11-20T09:00:00Z"}}}"#,
        #"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}"#,
    ]
    static let nasty = [
        "-9223372036854775808", "9223372036854775807", "1e308", "-0", "\"\"", "null", "[]", "{}", "\"\\u0000\"", "\"\\ud800\"",
        "\"9999-99-99T99:99:99Z\"", "\"2026-11-20T08:00:00+99:99\"", "18446744073709551616", "\"\u{7}\"",
    ]

    func mutate(_ body: [UInt8], _ random: inout Generator) -> [UInt8] {
        var bytes = body
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...20, using: &random)))
            case 2: bytes.insert(contentsOf: Array(Self.nasty.randomElement(using: &random)!.utf8), at: at)
            case 3: bytes = Array(bytes.prefix(at))
            case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 30)], at: at)
            default:
                // Replace a value after a colon with a nasty one.
                if let colon = bytes[at...].firstIndex(of: UInt8(ascii: ":")) {
                    let end = bytes[(colon + 1)...].firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? bytes.count
                    bytes.replaceSubrange((colon + 1)..<end, with: Array(Self.nasty.randomElement(using: &random)!.utf8))
                }
            }
        }
        return bytes
    }

    @Test func noInputCrashesTheWebhookPathAndEveryAnswerIsJSON() async throws {
        let seconds = Double(ProcessInfo.processInfo.environment["ZOOMDASH_FUZZ_SECONDS"] ?? "") ?? 2
        // ZOOMDASH_FUZZ_SEED replays a failing run.
        let seed = ProcessInfo.processInfo.environment["ZOOMDASH_FUZZ_SEED"].flatMap(UInt64.init) ?? (UInt64(Date().timeIntervalSince1970 * 1000) | 1)
        print("webhook fuzz: seed \(seed), \(seconds) s")
        var config = ZoomDashConfig()
        config.store.path = PluginHarness.temporaryPath("zoomdash.sqlite")
        config.webhook.secretToken = "fuzz-secret"
        let store = try ZoomDashStore(path: config.store.path)
        let runtime = Runtime(
            config: config, configPath: nil, store: store, metrics: ZoomDashMetrics(collectors: []),
            notifier: HTTPRoutesTests.SilentNotifier(), logger: PluginHarness.logger)
        let ingestor = WebhookIngestor(store: store, monitored: { _ in true }, now: Runtime.now, onCommitted: { _ in })
        let app = HTTPServer.make(runtime: runtime, endpoint: WebhookEndpoint(runtime: runtime, ingest: ingestor), ingestor: ingestor) { _ in }
        let signer = WebhookSigner(secret: "fuzz-secret")
        let tried = Mutex(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await ingestor.run() }
            try await app.test(.live) { client in
                var random = Generator(state: seed)
                let deadline = Date().addingTimeInterval(seconds)
                // At least 500 inputs, however slow a loaded machine is; more while the time lasts.
                var inputs = 0
                while Date() < deadline || inputs < 500 {
                    inputs += 1
                    let base = Array(Self.seeds.randomElement(using: &random)!.utf8)
                    let body: [UInt8] = Int.random(in: 0..<10, using: &random) == 0
                        ? (0..<Int.random(in: 0..<300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                        : mutate(base, &random)
                    var timestamp = String(Int(Date().timeIntervalSince1970))
                    if Int.random(in: 0..<8, using: &random) == 0 { timestamp = Self.nasty.randomElement(using: &random)! }
                    let signed = Int.random(in: 0..<4, using: &random) != 0
                    let signature = signed
                        ? signer.signature(timestamp: timestamp, body: String(decoding: body, as: UTF8.self))
                        : "v0=" + String(repeating: "0", count: 64)
                    // Sign the exact bytes (the signer takes a String: only valid UTF-8 survives that).
                    let exact = String(decoding: body, as: UTF8.self).utf8.elementsEqual(body) ? signature : "v0=" + String(repeating: "1", count: 64)
                    try await client.execute(
                        uri: "/zoom/webhook", method: .post,
                        headers: [.init("x-zm-signature")!: exact, .init("x-zm-request-timestamp")!: timestamp],
                        body: .init(bytes: body)
                    ) { response in
                        #expect([200, 400, 401, 413].contains(response.status.code), "\(response.status) for \(String(decoding: body, as: UTF8.self))")
                        let answer = Data(buffer: response.body)
                        #expect((try? JSONSerialization.jsonObject(with: answer)) != nil, "not JSON: \(String(decoding: answer, as: UTF8.self))")
                    }
                    tried.withLock { $0 += 1 }
                }
            }
            group.cancelAll()
        }
        let count = tried.withLock { $0 }
        #expect(count >= 500, "the fuzz ran (\(count) inputs)")
        print("webhook fuzz: \(count) inputs")
    }
}
