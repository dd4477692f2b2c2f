import Foundation
import Testing
import ZoomDashCore
import ZoomDashStorage

/// The store's read queries behind the daily digest and the presence feed.
@Suite(.timeLimit(.minutes(5))) struct ChatFeedStoreTests {
    /// 2026-11-02 00:00 UTC.
    static let day: UnixSeconds = 1_793_664_000 - 86_400

    /// Five people of `uuid` drop a second apart: five disconnections and a class incident.
    func dropFive(_ uuid: String, topic: String, at start: UnixSeconds, monitored: Bool, in store: ZoomDashStore) async throws {
        let meeting = MeetingInstance(uuid: uuid, meetingID: 1, topic: topic, startTime: start, endTime: start + 3600, source: .dashboard)
        try await store.upsertMeetings([meeting], monitored: { _ in monitored }, now: start)
        let sessions = (0..<5).flatMap { index in
            [
                session("p\(index)", start, start + 1000 + UnixSeconds(index), networkDrop, meeting: uuid),
                session("p\(index)", start + 1100, start + 3600, hostEnded, meeting: uuid),
            ]
        }
        try await store.storeParticipants(meetingUUID: uuid, sessions: sessions, fetchedAt: start + 3600)
        try await AnalysisRunner(thresholds: AnalysisThresholds()).analyse(meetingUUIDs: [uuid], in: store)
    }

    @Test func theDigestReadsOneDayOfMonitoredClasses() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        try await dropFive("M1", topic: "7B Maths", at: Self.day + 8 * 3600, monitored: true, in: store)
        try await dropFive("S1", topic: "Staff room", at: Self.day + 9 * 3600, monitored: false, in: store)
        try await dropFive("M2", topic: "8A English", at: Self.day + 86_400 + 8 * 3600, monitored: true, in: store)
        let facts = try await store.digestFacts(from: Self.day, to: Self.day + 86_400)
        #expect(facts.classes == 1)
        #expect(facts.drops.count == 5)
        #expect(Set(facts.drops.map(\.topic)) == ["7B Maths"])
        #expect(facts.drops.map(\.lostSeconds).sorted() == [96, 97, 98, 99, 100], "until each came back")
        #expect(facts.incidents == [DigestFacts.Incidents(scope: .meeting, cause: .unknown, count: 1)])
        #expect(try await store.digestFacts(from: Self.day - 86_400, to: Self.day).isQuiet)
    }

    @Test func presenceChangesFollowTheCursorAndCountTheRoomPerInstance() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let bodies = [
            webhookBody("participant_joined", "ann", "2026-11-20T08:01:00Z"),
            webhookBody("participant_joined", "bo", "2026-11-20T08:02:00Z"),
            webhookBody("participant_joined", "cy", "2026-11-20T08:02:00Z", meeting: "OTHER", meetingID: 85_555_555_555),
            webhookBody("participant_left", "ann", "2026-11-20T08:03:00Z", reason: leftVoluntarily),
        ]
        #expect(try await store.latestWebhookEventID() == 0)
        _ = try await store.commitWebhookRecords(try bodies.map(webhookRecord), receivedAt: 1, monitored: { _ in true })
        let all = try await store.presenceChanges(after: 0, meetingIDs: [81_234_567_890], limit: 10)
        #expect(all.map(\.name) == ["ann", "bo", "ann"])
        #expect(all.map(\.joined) == [true, true, false])
        #expect(all.allSatisfy { $0.meetingUUID == "M1" && $0.meetingID == 81_234_567_890 })
        #expect(try await store.presenceChanges(after: all[0].id, meetingIDs: [81_234_567_890], limit: 1).map(\.name) == ["bo"])
        #expect(try await store.presenceChanges(after: 0, meetingIDs: [], limit: 10).isEmpty)
        #expect(PresenceChange.inRoom(try await store.presenceChanges(meetingUUID: "M1", through: all[1].id)) == 2)
        #expect(PresenceChange.inRoom(try await store.presenceChanges(meetingUUID: "M1", through: all[2].id)) == 1)
        #expect(try await store.latestWebhookEventID() == all[2].id)
    }
}
