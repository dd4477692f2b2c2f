import Foundation
import Testing
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashSinks
import ZoomDashStorage
import ZoomSimKit

/// The chat notifier's own clock against `FakeChatReceiver` over HTTP: the daily digest and the
/// presence feed, each sent once, across repeated ticks, failures and a restart on the same store.
@Suite(.timeLimit(.minutes(5)))
struct ChatScheduleTests {
    typealias TestClock = ChatNotifierTests.TestClock
    /// 2026-11-03 00:00 UTC, a Tuesday.
    static let today: UnixSeconds = 1_793_664_000
    static let room: Int64 = 81_234_567_890

    static func notifier(
        _ flavor: ChatPayload.Flavor = .mattermost, baseURL: String, store: ZoomDashStore, clock: TestClock, _ extra: [String: ConfigValue]
    ) throws -> ChatNotifier {
        var presence = PresenceSettings()
        presence.meetingIDs = [room]
        presence.watch = ["Ann Lee"]
        return ChatNotifier(
            name: "chat", settings: try ChatNotifierTests.settings(flavor, url: ChatNotifierTests.hook(flavor, baseURL), extra),
            dependencies: NotifierDependencies(http: CurlHTTPClient(), logger: PluginHarness.logger, store: store, presence: presence),
            now: { clock.now }, sleep: { clock.sleep($0) })
    }

    /// Yesterday, 7B Maths: five people drop with a network error a second apart and come back.
    static func storeWithADayOfDrops() async throws -> ZoomDashStore {
        let store = try ZoomDashStore(path: PluginHarness.temporaryPath("chat.sqlite"))
        let start = today - 86_400 + 9 * 3600
        let meeting = MeetingInstance(uuid: "M1", meetingID: 1, topic: "7B Maths", startTime: start, endTime: start + 3600, source: .dashboard)
        try await store.upsertMeetings([meeting], monitored: { _ in true }, now: start)
        let names = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox"]
        let sessions = names.enumerated().flatMap { index, name in
            [
                ParticipantSession(
                    meetingUUID: "M1", participantKey: "name:\(name)", joinTime: start, leaveTime: start + 1000 + Int64(index), name: name,
                    leaveReason: "got disconnected from the meeting. Reason : Network connection error.", source: .dashboard),
                ParticipantSession(
                    meetingUUID: "M1", participantKey: "name:\(name)", joinTime: start + 1100, leaveTime: start + 3600, name: name,
                    leaveReason: "left the meeting. Reason : Host ended the meeting.", source: .dashboard),
            ]
        }
        try await store.storeParticipants(meetingUUID: "M1", sessions: sessions, fetchedAt: start + 3600)
        try await AnalysisRunner(thresholds: AnalysisThresholds()).analyse(meetingUUIDs: ["M1"], in: store)
        return store
    }

    @Test(arguments: ChatPayload.Flavor.allCases)
    func theDigestIsPostedOnceADayAndARestartDoesNotSendItAgain(flavor: ChatPayload.Flavor) async throws {
        let store = try await Self.storeWithADayOfDrops()
        let chat = FakeChatReceiver()
        let clock = TestClock(Double(Self.today + 6 * 3600))
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(flavor, baseURL: baseURL, store: store, clock: clock, ["digest": .string("07:00")])
            #expect(try await notifier.tick(now: Self.today + 6 * 3600) == Self.today + 7 * 3600, "not yet: wait for 07:00")
            #expect(chat.messages.isEmpty)
            #expect(try await notifier.tick(now: Self.today + 7 * 3600 + 30) == Self.today + 86_400 + 7 * 3600)
            #expect(try await notifier.tick(now: Self.today + 7 * 3600 + 60) == Self.today + 86_400 + 7 * 3600)
            #expect(chat.messages.count == 1, "a second tick sends nothing")
            let restarted = try Self.notifier(flavor, baseURL: baseURL, store: store, clock: clock, ["digest": .string("07:00")])
            _ = try await restarted.tick(now: Self.today + 8 * 3600)
            #expect(chat.messages.count == 1, "a restart on the same store sends nothing")
            _ = try await restarted.tick(now: Self.today + 86_400 + 7 * 3600)
            #expect(chat.messages.count == 2)
        }
        let first = try #require(chat.messages.first?.json)
        #expect(first.contains("Daily digest, Mon 2 Nov") && first.contains("7B Maths") && first.contains("5 disconnections of 5 people"))
        for name in ["Ann", "Bo Chen", "Cy Diaz"] { #expect(!first.contains(name), "names without digest_names") }
        #expect(chat.messages.last?.text?.contains("Tue 3 Nov") == true && chat.messages.last?.text?.contains("a quiet day") == true)
        #expect(try await store.checkpoint("chat.chat.digest") == "2026-11-03")
    }

    @Test func withDigestNamesThePeopleWhoDroppedAreNamed() async throws {
        let store = try await Self.storeWithADayOfDrops()
        let chat = FakeChatReceiver()
        let clock = TestClock(Double(Self.today + 8 * 3600))
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(baseURL: baseURL, store: store, clock: clock, ["digest": .string("07:00"), "digest_names": .bool(true)])
            _ = try await notifier.tick(now: Self.today + 8 * 3600)
        }
        let json = try #require(chat.messages.first?.json)
        #expect(json.contains("Dropped most, for follow-up:") && json.contains("Ann Lee") && json.contains("1 drop (7B Maths)"))
    }

    @Test func aDigestDuringQuietHoursWaitsUntilTheyEnd() async throws {
        let store = try await Self.storeWithADayOfDrops()
        let chat = FakeChatReceiver()
        let clock = TestClock(Double(Self.today + 7 * 3600))
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(
                baseURL: baseURL, store: store, clock: clock, ["digest": .string("07:00"), "quiet_hours": .string("06:00-08:00")])
            #expect(try await notifier.tick(now: Self.today + 7 * 3600) == Self.today + 8 * 3600)
            #expect(chat.messages.isEmpty)
            _ = try await notifier.tick(now: Self.today + 8 * 3600)
            #expect(chat.messages.count == 1)
        }
    }

    @Test func aFailedDigestIsRetriedAndArrivesOnce() async throws {
        let store = try await Self.storeWithADayOfDrops()
        let chat = FakeChatReceiver(config: FakeChatConfig(failFirst: 3))
        let clock = TestClock(Double(Self.today + 8 * 3600))
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(baseURL: baseURL, store: store, clock: clock, ["digest": .string("07:00")])
            await #expect(throws: SinkError.self) { try await notifier.tick(now: Self.today + 8 * 3600) }
            #expect(try await store.checkpoint("chat.chat.digest") == nil, "nothing recorded that was not sent")
            _ = try await notifier.tick(now: Self.today + 8 * 3600 + 10)
            _ = try await notifier.tick(now: Self.today + 8 * 3600 + 20)
        }
        #expect(chat.messages.count == 1)
        #expect(chat.requests == 4)
    }

    /// A join or leave in the watched room (or another room), as Zoom's webhook has it.
    static func presence(_ joined: Bool, _ name: String, at time: UnixSeconds, meetingID: Int64 = room) throws -> WebhookRecord {
        let iso = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(time)))
        let kind = joined ? "meeting.participant_joined" : "meeting.participant_left"
        let field = joined ? "join_time" : "leave_time"
        let body = #"{"event":"\#(kind)","event_ts":\#(time * 1000),"payload":{"object":{"uuid":"R-\#(meetingID)","id":"\#(meetingID)","topic":"Lookout Room","start_time":"2026-11-03T06:00:00Z","participant":{"user_name":"\#(name)","participant_uuid":"P-\#(name)","\#(field)":"\#(iso)"}}}}"#
        return try WebhookParser.parse(Array(body.utf8))
    }

    static func commit(_ records: [WebhookRecord], to store: ZoomDashStore, at time: UnixSeconds) async throws {
        _ = try await store.commitWebhookRecords(records, receivedAt: time, monitored: { _ in false })
    }

    @Test(arguments: ChatPayload.Flavor.allCases)
    func thePresenceFeedNamesOnlyTheAllowlistGroupsABurstAndPostsEachChangeOnce(flavor: ChatPayload.Flavor) async throws {
        let store = try ZoomDashStore(path: PluginHarness.temporaryPath("chat.sqlite"))
        let chat = FakeChatReceiver()
        let t = Self.today + 10 * 3600
        let clock = TestClock(Double(t))
        try await Self.commit([try Self.presence(true, "Old Timer", at: t - 60)], to: store, at: t)
        try await chat.withRunningServer { baseURL in
            let notifier = try Self.notifier(flavor, baseURL: baseURL, store: store, clock: clock, ["presence": .bool(true)])
            #expect(try await notifier.tick(now: t) == t + 20, "every 20 s")
            #expect(chat.messages.isEmpty, "a new feed does not post the rooms' history")

            try await Self.commit(
                [try Self.presence(true, "Ann Lee", at: t + 5), try Self.presence(true, "Bo Chen", at: t + 6), try Self.presence(true, "Cy", at: t + 7, meetingID: 1)],
                to: store, at: t + 8)
            _ = try await notifier.tick(now: t + 20)
            _ = try await notifier.tick(now: t + 40)
            try await Self.commit([try Self.presence(false, "Ann Lee", at: t + 50)], to: store, at: t + 50)
            _ = try await notifier.tick(now: t + 60)
            // Restarted on the same store: nothing again.
            let restarted = try Self.notifier(flavor, baseURL: baseURL, store: store, clock: clock, ["presence": .bool(true)])
            _ = try await restarted.tick(now: t + 80)
            // A join from an hour ago (after an outage) is not presence any more: passed over.
            try await Self.commit([try Self.presence(true, "Ann Lee", at: t - 3600)], to: store, at: t + 90)
            _ = try await restarted.tick(now: t + 100)
        }
        #expect(chat.messages.compactMap(\.text) == [
            "Ann Lee and 1 other joined Lookout Room (3 in the room)", "Ann Lee left Lookout Room (2 in the room)",
        ])
        for message in chat.messages { #expect(!message.json.contains("Bo Chen") && !message.json.contains("Old Timer")) }
    }

    @Test func presenceDuringQuietHoursIsPassedOverAndNeverTakesTheMinutesLastPost() async throws {
        let store = try ZoomDashStore(path: PluginHarness.temporaryPath("chat.sqlite"))
        let chat = FakeChatReceiver()
        let night = Self.today + 23 * 3600
        let clock = TestClock(Double(night))
        try await chat.withRunningServer { baseURL in
            let quiet = try Self.notifier(baseURL: baseURL, store: store, clock: clock, ["presence": .bool(true), "quiet_hours": .string("22:00-06:00")])
            _ = try await quiet.tick(now: night)
            try await Self.commit([try Self.presence(true, "Ann Lee", at: night + 5)], to: store, at: night + 5)
            _ = try await quiet.tick(now: night + 20)
            #expect(chat.messages.isEmpty)
            _ = try await quiet.tick(now: night + 7 * 3600)
            #expect(chat.messages.isEmpty, "not posted when the quiet hours end either")

            // Two posts a minute: presence leaves the last one to the incidents, and waits (grouped) for room.
            let tight = try Self.notifier(baseURL: baseURL, store: store, clock: clock, ["presence": .bool(true), "max_messages_per_minute": .integer(2)])
            let morning = night + 8 * 3600
            try await Self.commit([try Self.presence(false, "Ann Lee", at: morning)], to: store, at: morning)
            _ = try await tight.tick(now: morning + 1)
            #expect(chat.messages.count == 1)
            try await Self.commit([try Self.presence(true, "Ann Lee", at: morning + 2), try Self.presence(true, "Bo", at: morning + 3)], to: store, at: morning + 3)
            _ = try await tight.tick(now: morning + 4)
            #expect(chat.messages.count == 1, "one post left this minute: kept for an incident")
            _ = try await tight.tick(now: morning + 40)
            #expect(chat.messages.count == 2)
        }
        #expect(chat.messages.compactMap(\.text) == ["Ann Lee left Lookout Room (0 in the room)", "Ann Lee and 1 other joined Lookout Room (2 in the room)"])
    }
}
