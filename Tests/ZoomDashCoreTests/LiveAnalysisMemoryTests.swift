import Foundation
import Testing
import ZoomDashCore
@testable import ZoomDashStorage

/// A live pass over a class it met before reads only the new events and compares with what it wrote
/// last time (`LiveAnalysisMemory`). Whatever else writes the store meanwhile (another process, a
/// collector, a bulk write in this one), the next pass must leave what a full `reanalyze` derives.
@Suite(.timeLimit(.minutes(5))) struct LiveAnalysisMemoryTests {
    let monitorAll: @Sendable (MeetingInstance) -> Bool = { _ in true }
    let runner = AnalysisRunner(thresholds: AnalysisThresholds(), now: { 1_790_000_000 })
    let rows = LivePassRowsTests()

    /// A class with three drops, analysed once, so the memory holds it; then one new event.
    func analysedClass() async throws -> (store: ZoomDashStore, path: String) {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        var records = try ["ann", "bo", "cy"].map { try webhookRecord(webhookBody("participant_joined", $0, rows.at(0))) }
        records += try ["ann", "bo"].map { try webhookRecord(webhookBody("participant_left", $0, rows.at(600), reason: networkDrop)) }
        records += [try webhookRecord(webhookBody("participant_joined", "ann", rows.at(630)))]
        _ = try await store.commitWebhookRecords(records, receivedAt: 1, monitored: monitorAll)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(await store.liveMemory["M1"]?.webhookSessions?.count == 4)
        return (store, path)
    }

    func newEvent(_ store: ZoomDashStore) async throws {
        let leave = try webhookRecord(webhookBody("participant_left", "cy", rows.at(900), reason: clientDrop))
        _ = try await store.commitWebhookRecords([leave], receivedAt: 2, monitored: monitorAll)
    }

    /// What the live passes left equals what a full re-analysis derives from the same events.
    func expectLikeAFullReanalysis(_ store: ZoomDashStore, _ path: String) async throws {
        let live = try rows.snapshot(path)
        try await runner.reanalyseAll(in: store)
        #expect(try rows.snapshot(path) == live)
    }

    @Test func aCommitFromAnotherProcessIsNotHiddenByWhatThePassRemembers() async throws {
        let (store, path) = try await analysedClass()
        // What a `zoomdashctl` or a hand-edit could leave: a drop nobody derived, a session gone.
        let other = try SQLiteConnection(path: path)
        try other.execute(
            """
            BEGIN;
            INSERT INTO disconnections(meeting_uuid, participant_key, time, participant_name, reason_class, leave_reason,
                rejoined_after_s, lost_s, source, quality_before) VALUES ('M1', 'zed', 5, 'zed', 'network', NULL, NULL, 10, 'webhook', 'unknown');
            DELETE FROM participant_sessions WHERE meeting_uuid = 'M1' AND name = 'cy';
            COMMIT;
            """)
        try await newEvent(store)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(try other.scalarInt("SELECT count(*) FROM disconnections WHERE participant_key = 'zed'") == 0)
        #expect(try other.scalarInt("SELECT count(*) FROM participant_sessions WHERE name = 'cy'") == 1)
        try await expectLikeAFullReanalysis(store, path)
    }

    @Test func aBulkWriteInThisProcessMakesThePassReadTheClassWhole() async throws {
        let (store, path) = try await analysedClass()
        let stray = Disconnection(
            meetingUUID: "M1", participantKey: "zed", participantName: "zed", time: 5, reason: .network, leaveReason: nil,
            rejoinedAfterSeconds: nil, lostSeconds: 10, source: .webhook)
        try await store.insertDisconnections([stray])
        #expect(await store.liveMemory["M1"] == nil)
        try await newEvent(store)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(try SQLiteConnection(path: path).scalarInt("SELECT count(*) FROM disconnections WHERE participant_key = 'zed'") == 0)
        try await expectLikeAFullReanalysis(store, path)
    }

    @Test func zoomsRecordReplacesTheRememberedSessionsOfItsMeetingOnly() async throws {
        let (store, path) = try await analysedClass()
        _ = try await store.commitWebhookRecords(
            [try webhookRecord(webhookBody("participant_joined", "dee", rows.at(10), meeting: "M2"))], receivedAt: 1, monitored: monitorAll)
        try await runner.analyse(meetingUUIDs: ["M2"], in: store)
        let zoom = [session("ann", 1_795_161_600, 1_795_162_200, networkDrop), session("bo", 1_795_161_600, nil)]
        try await store.storeParticipants(meetingUUID: "M1", sessions: zoom, fetchedAt: 3)
        #expect(await store.liveMemory["M1"] == nil)
        #expect(await store.liveMemory["M2"] != nil, "another class stays remembered")
        try await newEvent(store)
        try await runner.analyse(meetingUUIDs: ["M1", "M2"], in: store)
        #expect(try await store.sessions(meetingUUID: "M1").map(\.source) == [.dashboard, .dashboard])
        try await expectLikeAFullReanalysis(store, path)
    }

    @Test func anEndedClassIsForgottenAndALateEventStillCounts() async throws {
        let (store, path) = try await analysedClass()
        let ended = try webhookRecord(
            #"{"event":"meeting.ended","event_ts":1,"payload":{"object":{"uuid":"M1","id":"81234567890","topic":"Class","start_time":"2026-11-20T08:00:00Z","end_time":"2026-11-20T08:20:00Z"}}}"#)
        _ = try await store.commitWebhookRecords([ended], receivedAt: 2, monitored: monitorAll)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(await store.liveMemory["M1"] == nil)
        try await newEvent(store)  // a leave delivered after the end
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(try SQLiteConnection(path: path).scalarInt("SELECT count(*) FROM disconnections WHERE participant_name = 'cy'") == 1)
        try await expectLikeAFullReanalysis(store, path)
    }

    @Test func aCommitHandsItsNewJoinsAndLeavesToTheRememberedClassExactlyAsTheyAreReadBack() async throws {
        let (store, path) = try await analysedClass()
        let leave = try webhookRecord(webhookBody("participant_left", "cy", rows.at(900), reason: clientDrop))
        let other = try webhookRecord(webhookBody("participant_joined", "dee", rows.at(905), meeting: "M2"))
        // A retry of a stored event adds nothing, and an event of an unremembered class is left to be read.
        _ = try await store.commitWebhookRecords([leave, leave, other], receivedAt: 2, monitored: monitorAll)
        let stored = try await store.participantEvents(meetingUUIDs: ["M1"], alsoInclude: [], remembering: false)["M1"] ?? []
        let remembered = try #require(await store.liveMemory["M1"])
        #expect(remembered.events.count == 7)
        #expect(Set(remembered.events) == Set(stored))
        #expect(remembered.lastEventID == (try SQLiteConnection(path: path).scalarInt("SELECT max(id) FROM webhook_events WHERE meeting_uuid = 'M1'")))
        #expect(await store.liveMemory["M2"] == nil)
        try await runner.analyse(meetingUUIDs: ["M1", "M2"], in: store)
        try await expectLikeAFullReanalysis(store, path)
    }
}
