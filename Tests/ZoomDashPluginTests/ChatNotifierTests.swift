import Foundation
import Synchronization
import Testing
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashSinks
import ZoomDashStorage
import ZoomDashZoomAPI
import ZoomSimKit

/// The chat notifiers against `FakeChatReceiver` over HTTP: real payloads, retries, crash repeats.
@Suite(.timeLimit(.minutes(5)))
struct ChatNotifierTests {
    /// One clock for the notifier and the fake: sleeping moves it (no test really sleeps).
    final class TestClock: Sendable {
        private let seconds: Mutex<Double>
        private let sleeps = Mutex<[Duration]>([])
        init(_ start: Double) { seconds = Mutex(start) }
        var now: Double { seconds.withLock { $0 } }
        var slept: [Duration] { sleeps.withLock { $0 } }
        func advance(to time: Double) { seconds.withLock { $0 = max($0, time) } }
        func advance(by duration: Double) { seconds.withLock { $0 += duration } }
        func sleep(_ duration: Duration) {
            sleeps.withLock { $0.append(duration) }
            advance(by: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        }
    }

    static func settings(_ flavor: ChatPayload.Flavor, url: String, _ extra: [String: ConfigValue] = [:]) throws -> ChatSettings {
        var values = extra
        values["webhook_url"] = .string(url)
        return try ChatSettings.read(ConfigSection(file: "test.toml", path: "sinks.chat", values: values), flavor: flavor)
    }

    static func notifier(
        _ flavor: ChatPayload.Flavor, url: String, store: ZoomDashStore?, clock: TestClock, _ extra: [String: ConfigValue] = [:]
    ) throws -> ChatNotifier {
        ChatNotifier(
            name: "chat", settings: try settings(flavor, url: url, extra),
            dependencies: NotifierDependencies(http: CurlHTTPClient(), logger: PluginHarness.logger, store: store),
            now: { clock.now }, sleep: { clock.sleep($0) })
    }

    static func hook(_ flavor: ChatPayload.Flavor, _ baseURL: String) -> String {
        flavor == .mattermost ? baseURL + "/hooks/abcdefghijklmnopqrstuvwxyz" : baseURL + "/services/T0/B0/XYZ"
    }

    /// Runs the notifier the way SinkService does: batches after a cursor, a throw keeps the cursor;
    /// a hold moves the clock to when it ends.
    static func drain(_ notifier: ChatNotifier, events: [IncidentEvent], clock: TestClock, batch: Int = 200) async throws -> Int {
        var cursor: Int64 = 0
        var holds = 0
        while true {
            let next = Array(events.filter { $0.id > cursor }.prefix(batch))
            guard let last = next.last else { return holds }
            do {
                try await notifier.deliver(next)
                cursor = last.id
            } catch let error as SinkError {
                switch error {
                case .chatHeld(_, _, let until, _), .chatRateLimited(_, let until):
                    holds += 1
                    #expect(holds < 1000, "a hold that never ends")
                    if holds >= 1000 { return holds }
                    clock.advance(to: until)
                default: throw error
                }
            }
        }
    }

    static func meetingEvent(_ id: Int64, incident: Int64, uuid: String, dropped: Int, at time: UnixSeconds, kind: IncidentEvent.Kind = .opened) -> IncidentEvent {
        IncidentEvent(
            id: id, kind: kind, time: time, incidentID: incident,
            incident: Incident(scope: .meeting, meetingUUID: uuid, start: time - 40, end: time - 5, dropped: dropped, present: 25, meetings: 1))
    }

    @Test(arguments: ChatPayload.Flavor.allCases)
    func aMonthOfTheScenariosIncidentsBecomesReadableMessages(flavor: ChatPayload.Flavor) async throws {
        let options = ScenarioOptions(seed: 11, days: 30, hosts: 6, classesPerHostPerDay: 3)
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: options))
        let (store, events) = try await simulator.withRunningServer { baseURL in
            let config = PluginHarness.config(baseURL: baseURL, source: .report)
            let store = try ZoomDashStore(path: config.store.path)
            let now = Int64(Date().timeIntervalSince1970)
            let end = now - now % 86_400
            _ = try await PluginHarness.collector(ParticipantsCollector.type, config: config, store: store)
                .collect(CollectionContext(from: end - 31 * 86_400, to: end, now: now, logger: PluginHarness.logger))
            return (store, try await store.outboxEvents(after: 0, limit: 100_000))
        }
        // A backfill finds a month at once; replay it as the live analysis would have found it, each
        // event shortly after its incident, so the channel sees a month of days, not one flood.
        let live = events.map { event in
            var event = event
            event.time = event.incident.end + 90
            return event
        }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }.enumerated().map { index, event in
            var event = event
            event.id = Int64(index + 1)
            return event
        }
        try #require(!live.isEmpty, "the scenario has incidents")
        let names = Set(try await store.disconnectionRecords().map(\.participantName).filter { $0.count > 3 })
        let chat = FakeChatReceiver()
        let clock = TestClock(Double(live[0].time))
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(flavor, url: Self.hook(flavor, baseURL), store: store, clock: clock)
            // SinkService's loop, in simulated time: what the outbox holds by now, after the cursor.
            var cursor: Int64 = 0
            while let next = live.first(where: { $0.id > cursor }) {
                clock.advance(to: Double(next.time))
                let batch = Array(live.filter { $0.id > cursor && Double($0.time) <= clock.now }.prefix(200))
                do {
                    try await notifier.deliver(batch)
                    cursor = batch.last!.id
                } catch let error as SinkError {
                    guard case .chatHeld(_, _, let until, _) = error else { throw error }
                    clock.advance(to: until)
                }
            }
        }
        let messages = chat.messages
        let opened = Set(live.filter { $0.kind == .opened }.map(\.incidentID))
        #expect(!messages.isEmpty)
        #expect(messages.count <= opened.count, "one message per incident at most, floods grouped")
        for message in messages {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(message.json.utf8)) as? [String: Any])
            let text = try #require(object["text"] as? String)
            #expect(text.contains(" dropped ") || text.contains("classes lost") || text.contains("incidents") || text.contains("Correction"), "\(text)")
            #expect(!text.contains("A class:"), "topics are looked up: \(text)")
            for name in names { #expect(!message.json.contains(name), "a participant's name in \(text)") }
            #expect(object[flavor == .slack ? "blocks" : "attachments"] != nil)
        }
        // Every meeting with an incident the channel was told of is named by its topic.
        let topics = try await Set(live.filter { $0.kind == .opened && $0.incident.scope == .meeting }.asyncMap { try await store.meeting(uuid: $0.incident.meetingUUID!)?.topic })
        let all = messages.map(\.json).joined()
        for topic in topics.compactMap({ $0 }) { #expect(all.contains(topic), "\(topic) is not mentioned") }
        // Each "Zoom bad moment" is one message with its classes, not one per class.
        let accounts = live.filter { $0.kind == .opened && $0.incident.scope == .account }
        try #require(!accounts.isEmpty, "the scenario has a Zoom bad moment")
        #expect(messages.filter { $0.text?.contains("classes lost") == true }.count == accounts.count)
        let absorbed = accounts.reduce(0) { $0 + $1.incident.evidence.meetingUUIDs.count }
        #expect(messages.count == opened.count - absorbed)
    }

    @Test(arguments: ChatPayload.Flavor.allCases)
    func aBatchDeliveredTwiceAfterACrashPostsOnce(flavor: ChatPayload.Flavor) async throws {
        let store = try ZoomDashStore(path: PluginHarness.temporaryPath("chat.sqlite"))
        let chat = FakeChatReceiver()
        let t: UnixSeconds = 1_790_000_000
        let clock = TestClock(Double(t) + 3600)
        let events = (1...3).map { Self.meetingEvent(Int64($0), incident: Int64($0), uuid: "u\($0)", dropped: 8, at: t + Int64($0) * 600) }
        try await chat.withRunningServer { baseURL in
            try await Self.notifier(flavor, url: Self.hook(flavor, baseURL), store: store, clock: clock).deliver(events)
            #expect(chat.messages.count == 3)
            // The daemon crashed before saving its cursor: a new process gets the same batch.
            try await Self.notifier(flavor, url: Self.hook(flavor, baseURL), store: store, clock: clock).deliver(events)
            #expect(chat.messages.count == 3)
            try await Self.notifier(flavor, url: Self.hook(flavor, baseURL), store: store, clock: clock)
                .deliver(events + [Self.meetingEvent(4, incident: 4, uuid: "u4", dropped: 9, at: t + 3000)])
            #expect(chat.messages.count == 4)
        }
        #expect(try await store.checkpoint("chat.chat.posted") == "4")
    }

    @Test func serverErrorsAreRetriedWithoutLossOrDuplicates() async throws {
        let chat = FakeChatReceiver(config: FakeChatConfig(failFirst: 5))
        let t: UnixSeconds = 1_790_000_000
        let clock = TestClock(Double(t) + 3600)
        let events = (1...2).map { Self.meetingEvent(Int64($0), incident: Int64($0), uuid: "u\($0)", dropped: 8, at: t + Int64($0) * 600) }
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(.mattermost, url: Self.hook(.mattermost, baseURL), store: nil, clock: clock)
            // Three attempts of the first post fail: the daemon gets the error and retries later.
            await #expect(throws: SinkError.self) { try await notifier.deliver(events) }
            #expect(chat.messages.isEmpty)
            #expect(clock.slept == [.seconds(1), .seconds(2)])
            try await notifier.deliver(events)
            try await notifier.deliver(events)
        }
        #expect(chat.messages.count == 2)
        #expect(chat.requests == 7)
    }

    @Test func aRateLimitHonoursRetryAfterAndLosesNothing() async throws {
        let t: UnixSeconds = 1_790_000_000 - 1_790_000_000 % 60 + 50  // ten seconds before a minute turns
        let clock = TestClock(Double(t))
        let chat = FakeChatReceiver(config: FakeChatConfig(rateLimitPerMinute: 1, clock: { Date(timeIntervalSince1970: clock.now) }))
        let events = (1...3).map { Self.meetingEvent(Int64($0), incident: Int64($0), uuid: "u\($0)", dropped: 8, at: t - 3600 + Int64($0) * 600) }
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(.slack, url: Self.hook(.slack, baseURL), store: nil, clock: clock)
            // Post 1 goes through; post 2 is told to wait 10 s and does; post 3 is told 60 s: handed back.
            do {
                try await notifier.deliver(events)
                Issue.record("the third post was not rate-limited")
            } catch let error as SinkError {
                guard case .chatRateLimited(_, let until) = error else { throw error }
                #expect(chat.messages.count == 2)
                #expect(clock.slept == [.seconds(10)])
                // Before Retry-After: no request at all.
                let requests = chat.requests
                await #expect(throws: SinkError.self) { try await notifier.deliver(events) }
                #expect(chat.requests == requests)
                clock.advance(to: until)
            }
            try await notifier.deliver(events)
        }
        #expect(chat.messages.count == 3)
        #expect(Set(chat.messages.compactMap(\.text)).count == 3)
    }

    @Test func aDeadHookIsAnErrorSayingWhatToFixWithoutTheURL() async throws {
        let chat = FakeChatReceiver(config: FakeChatConfig(hookIDs: ["the-real-one"]))
        let clock = TestClock(1_790_003_600)
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(.mattermost, url: baseURL + "/hooks/secretsecretsecret", store: nil, clock: clock)
            do {
                try await notifier.deliver([Self.meetingEvent(1, incident: 1, uuid: "u1", dropped: 8, at: 1_790_000_000)])
                Issue.record("a dead hook was accepted")
            } catch {
                #expect("\(error)".contains("sink chat"))
                #expect("\(error)".contains("create a new one") || "\(error)".contains("webhook_url"), "\(error)")
                #expect(!"\(error)".contains("secretsecret"))
            }
            #expect(clock.slept.isEmpty, "no retry loop on a 4xx")
        }
    }

    @Test func quietHoursHoldAndThenPostOneSummary() async throws {
        let chat = FakeChatReceiver()
        let midnight: UnixSeconds = 1_790_000_000 - 1_790_000_000 % 86_400
        let clock = TestClock(Double(midnight + 3 * 3600))
        let events = (1...3).map { Self.meetingEvent(Int64($0), incident: Int64($0), uuid: "u\($0)", dropped: 8, at: midnight + 2 * 3600 + Int64($0) * 600) }
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(.mattermost, url: Self.hook(.mattermost, baseURL), store: nil, clock: clock, ["quiet_hours": .string("22:00-06:00")])
            let holds = try await Self.drain(notifier, events: events, clock: clock)
            #expect(holds == 1)
        }
        #expect(chat.messages.count == 1)
        #expect(chat.messages.first?.text?.hasPrefix("**3 incidents**") == true)
        #expect(clock.now == Double(midnight + 6 * 3600))
    }

    /// The sinks' one error type: only a chat hold or rate limit means "not yet" to the daemon.
    @Test func onlyHoldsAndRateLimitsHoldANotifier() {
        let holds: [SinkError] = [.chatHeld(sink: "chat", events: 2, until: 3_600, reason: "quiet_hours"), .chatRateLimited(sink: "chat", until: 60)]
        let failures: [SinkError] = [
            .chatRejected(sink: "chat", url: "https://x/hooks/…", status: 404, detail: "", fix: "create a new one"),
            .chatUnavailable(sink: "chat", url: "https://x/hooks/…", reason: "HTTP 502"), .zohoUnitsUsedUp(needed: 15, left: 0), .noStore(sink: "zoho"),
        ]
        #expect(holds.map(\.holdUntil) == [3_600, 60] && holds.allSatisfy(\.isHold))
        #expect(failures.allSatisfy { $0.holdUntil == nil && !$0.isHold })
        #expect("\(holds[0])" == "sink chat: holding 2 events until 01:00:00 UTC (quiet_hours); not an error, they are posted then")
    }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
