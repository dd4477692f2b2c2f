import Foundation
import Testing
import ZoomDashCore
import ZoomDashStorage

/// The live analysis's to-do list is in the store, and `reanalyze` rebuilds what it derives.
@Suite(.timeLimit(.minutes(5))) struct DurableAnalysisTests {
    let monitorAll: @Sendable (MeetingInstance) -> Bool = { _ in true }

    func drops(_ people: [String], meeting: String = "M1", at minute: Int = 10) throws -> [WebhookRecord] {
        try people.enumerated().flatMap { index, name in
            [
                try webhookRecord(webhookBody("participant_joined", name, "2026-11-20T08:01:0\(index % 10)Z", meeting: meeting)),
                try webhookRecord(
                    webhookBody("participant_left", name, "2026-11-20T08:\(minute):0\(index % 10)Z", reason: networkDrop, meeting: meeting)),
            ]
        }
    }

    /// What the daemon's pass does with the due marks, without the daemon.
    func livePass(_ store: ZoomDashStore) async throws -> [AnalysisDue] {
        let due = try await store.analysisDue(limit: 100)
        try await AnalysisRunner(thresholds: AnalysisThresholds()).analyse(meetingUUIDs: due.map(\.meetingUUID), in: store)
        return due
    }

    @Test func committedEventsMarkTheirMeetingsDueInTheSameTransactionAndDuplicatesDoNot() async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        let records = try drops(["ann", "bo"]) + drops(["cy"], meeting: "M2")
        _ = try await store.commitWebhookRecords(records, receivedAt: 100, monitored: monitorAll)
        let due = try await store.analysisDue(limit: 10)
        #expect(due.map(\.meetingUUID) == ["M1", "M2"])
        #expect(due.allSatisfy { $0.since == 100 && $0.meetingID == 81_234_567_890 })
        _ = try await store.commitWebhookRecords([records[0]], receivedAt: 200, monitored: monitorAll)
        #expect(try await store.analysisDue(limit: 10) == due, "a redelivery adds nothing to analyse")

        // Another process (the next start) sees the same marks: they are in the file, not in memory.
        let reopened = try ZoomDashStore(path: path, readOnly: true)
        #expect(try await reopened.analysisBacklog().meetings == 2)
        #expect(try await reopened.analysisBacklog().oldest == 100)
    }

    /// Under load most commits find their class marked: the mark is not rewritten (a page in the log
    /// each), but one written without a meeting id learns it from a later event.
    @Test func aMarkIsWrittenOnceKeepingItsFirstFiguresAndLearnsAMissingMeetingID() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let withoutID = try webhookRecord(
            webhookBody("participant_joined", "ann", "2026-11-20T08:01:00Z").replacingOccurrences(of: #""id":"81234567890","#, with: ""))
        #expect(withoutID.meetingID == nil)
        _ = try await store.commitWebhookRecords([withoutID], receivedAt: 100, monitored: monitorAll)
        let first = try #require(try await store.analysisDue(limit: 10).first)
        #expect(first.meetingID != 81_234_567_890)
        _ = try await store.commitWebhookRecords(try drops(["bo", "cy"]), receivedAt: 200, monitored: monitorAll)
        let after = try await store.analysisDue(limit: 10)
        #expect(after.count == 1)
        #expect(after.first?.meetingID == 81_234_567_890, "the later event's meeting id fills the mark")
        #expect(after.first?.since == 100, "the oldest unanalysed event's arrival stays")
        #expect(after.first?.lastEventID == first.lastEventID, "the mark is not rewritten for later events")
        _ = try await livePass(store)
        #expect(try await store.disconnectionRecords().map(\.participantName).sorted() == ["bo", "cy"], "the pass read every event all the same")
    }

    @Test func eventsCommittedAfterAPassReadItsMarksAreInItsResultOrMarkedAgain() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        _ = try await store.commitWebhookRecords(try drops(["ann"]), receivedAt: 100, monitored: monitorAll)
        let taken = try await store.analysisDue(limit: 10)
        // An event for the same meeting is committed after the pass read its marks: the analysis
        // reads the meeting's events in the transaction that stores its results, so it counts.
        _ = try await store.commitWebhookRecords(try drops(["bo"]), receivedAt: 101, monitored: monitorAll)
        try await AnalysisRunner(thresholds: AnalysisThresholds()).analyse(meetingUUIDs: taken.map(\.meetingUUID), in: store)
        #expect(try await store.disconnectionRecords().map(\.participantName).sorted() == ["ann", "bo"])
        #expect(try await store.analysisBacklog().meetings == 0)
        // One arriving after that transaction marks the meeting again.
        _ = try await store.commitWebhookRecords(try drops(["cy"]), receivedAt: 102, monitored: monitorAll)
        #expect(try await store.analysisDue(limit: 10).map(\.since) == [102])
    }

    @Test func zoomsRecordStoredByTheCollectorIsDueUntilAnalysedAndAnEmptyOneKeepsTheWebhookView() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        _ = try await store.commitWebhookRecords(try drops(["ann", "bo", "cy"]), receivedAt: 100, monitored: monitorAll)
        _ = try await livePass(store)
        // Zoom keeps no participant details (404): the webhook sessions stay, and the meeting is due.
        try await store.storeParticipants(meetingUUID: "M1", sessions: [], fetchedAt: 200)
        #expect(try await store.analysisDue(limit: 10).map(\.meetingUUID) == ["M1"], "a crash before its analysis leaves it due")
        #expect(try await livePass(store).count == 1)
        #expect(try await store.disconnectionRecords().count == 3, "what the webhooks saw is not erased")
        #expect(try await store.sessions(meetingUUID: "M1").count == 3)
    }

    @Test func aPassCutShortLeavesItsMeetingsDueAndTheNextStartFinishesThem() async throws {
        let path = StoreTests.temporaryStorePath()
        do {
            let store = try ZoomDashStore(path: path)
            _ = try await store.commitWebhookRecords(try drops(["ann", "bo", "cy", "di", "ed"]), receivedAt: 100, monitored: monitorAll)
            // The pass read its meetings and rebuilt the sessions, then the process died: nothing cleared.
            let due = try await store.analysisDue(limit: 10)
            let events = try await store.webhookParticipantEvents(meetingUUIDs: due.map(\.meetingUUID))
            try await store.replaceWebhookSessions(events.mapValues { WebhookSessionBuilder.sessions(meetingUUID: "M1", events: $0) })
        }
        let restarted = try ZoomDashStore(path: path)
        #expect(try await restarted.analysisBacklog().meetings == 1)
        #expect(try await livePass(restarted).count == 1)
        #expect(try await restarted.disconnectionRecords().count == 5)
        #expect(try await restarted.analysisBacklog().meetings == 0)
    }

    @Test func anOlderStoreGetsMarksForTheWebhookMeetingsItMayHaveLeftUnanalysed() async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        _ = try await store.commitWebhookRecords(try drops(["ann"]) + drops(["bo"], meeting: "M2"), receivedAt: 100, monitored: monitorAll)
        try await store.storeParticipants(meetingUUID: "M2", sessions: [], fetchedAt: 200)
        try SQLiteConnection(path: path).execute(StoreTests.undoSchema4)
        let migrated = try ZoomDashStore(path: path)
        #expect(try await migrated.analysisDue(limit: 10).map(\.meetingUUID) == ["M1"], "M2 has Zoom's own record")
        #expect(try await migrated.sessions(meetingUUID: "M1").isEmpty)
    }

    @Test func reanalyseRebuildsWebhookSessionsFromTheRawEventsAndMatchesTheLivePath() async throws {
        let live = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let rebuilt = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let records = try drops(["ann", "bo", "cy", "di", "ed"]) + drops(["fay", "gus"], meeting: "M2", at: 20)
        for store in [live, rebuilt] { _ = try await store.commitWebhookRecords(records, receivedAt: 100, monitored: monitorAll) }
        _ = try await livePass(live)
        try await AnalysisRunner(thresholds: AnalysisThresholds()).refreshAccountIncidents(in: live)

        // `rebuilt` never ran a live pass (its daemon was killed first): reanalyze alone derives it all.
        let summary = try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: rebuilt)
        #expect(summary.sessions == 7)
        #expect(summary.disconnections == 7)
        #expect(try await rebuilt.disconnectionRecords() == (try await live.disconnectionRecords()))
        #expect(try await rebuilt.incidentRecords() == (try await live.incidentRecords()))
        #expect(try await rebuilt.analysisTotals() == (try await live.analysisTotals()))
        // Run again, nothing changes; the marks stay for the daemon, whose pass gives the same rows.
        _ = try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: rebuilt)
        #expect(try await rebuilt.disconnectionRecords() == (try await live.disconnectionRecords()))
        #expect(try await livePass(rebuilt).count == 2)
        #expect(try await rebuilt.disconnectionRecords() == (try await live.disconnectionRecords()))
        #expect(try await rebuilt.incidentRecords() == (try await live.incidentRecords()), "same incident ids too")
    }

    @Test func reanalyseKeepsZoomsOwnRecordAndRebuildsWatchedRoomsEvenWhenUnmonitored() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let room = try webhookRecord(webhookBody("participant_joined", "ann", "2026-11-20T08:01:00Z", meeting: "R1", meetingID: 555))
        _ = try await store.commitWebhookRecords([room] + (try drops(["bo"])), receivedAt: 100, monitored: { _ in false })
        _ = try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store, presenceMeetingIDs: [555])
        #expect(try await store.sessions(meetingUUID: "R1").map(\.name) == ["ann"], "a watched room's sessions feed presence")
        #expect(try await store.sessions(meetingUUID: "M1").isEmpty, "an unmonitored meeting is not analysed")
    }
}

@Suite(.timeLimit(.minutes(5))) struct PresenceTests {
    /// During the 2026-11-20 class the fixtures' events belong to.
    static let now = ZoomTime.parse("2026-11-20T09:00:00Z")!

    @Test func everyoneEverSeenInTheRoomStaysListedHoweverOld() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        // Two instances of the watched room, months apart; nothing else happened there since.
        let old = try [
            webhookRecord(webhookBody("participant_joined", "Ann Lee", "2026-06-02T08:01:00Z", meeting: "R-june", meetingID: 555, start: "2026-06-02T08:00:00Z")),
            webhookRecord(webhookBody("participant_left", "Ann Lee", "2026-06-02T09:00:00Z", reason: leftVoluntarily, meeting: "R-june", meetingID: 555, start: "2026-06-02T08:00:00Z")),
            webhookRecord(webhookBody("participant_joined", "Bo Chen", "2026-09-01T08:05:00Z", meeting: "R-sep", meetingID: 555, start: "2026-09-01T08:00:00Z")),
        ]
        _ = try await store.commitWebhookRecords(old, receivedAt: 100, monitored: { _ in false })
        _ = try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store, presenceMeetingIDs: [555])
        let entries = try await store.presence(meetingIDs: [555], now: ZoomTime.parse("2026-09-01T09:00:00Z")!)
        #expect(entries.map(\.participantName) == ["Bo Chen", "Ann Lee"], "newest action first")
        #expect(entries[1] == PresenceEntry(
            meetingID: 555, participantName: "Ann Lee", inRoom: false,
            lastJoin: ZoomTime.parse("2026-06-02T08:01:00Z"), lastLeft: ZoomTime.parse("2026-06-02T09:00:00Z")))
        #expect(entries[0].inRoom, "still connected that morning: no leave and no meeting end were seen")
        let later = try await store.presence(meetingIDs: [555], now: Self.now)
        #expect(later.map(\.inRoom) == [false, false], "a meeting.ended that never came keeps nobody in the room for days")
        #expect(later.map(\.lastJoin) == entries.map(\.lastJoin))
        let table = ExportTable.presence(entries, watch: ["ann lee"])
        #expect(table.rows.count == 1, "only the allowlisted are named")
    }

    @Test func aLeaveWhoseJoinNeverArrivedInventsNoJoin() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let records = try [
            webhookRecord(webhookBody("participant_left", "Ann Lee", "2026-11-20T08:30:00Z", reason: networkDrop, meeting: "R1", meetingID: 555)),
            webhookRecord(webhookBody("participant_joined", "Bo Chen", "2026-11-20T08:01:00Z", meeting: "R1", meetingID: 555)),
            webhookRecord(webhookBody("participant_left", "Bo Chen", "2026-11-20T08:40:00Z", reason: networkDrop, meeting: "R1", meetingID: 555)),
        ]
        _ = try await store.commitWebhookRecords(records, receivedAt: 100, monitored: { _ in true })
        _ = try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store, presenceMeetingIDs: [555])
        let ann = try #require(try await store.presence(meetingIDs: [555], now: Self.now).first { $0.participantName == "Ann Lee" })
        #expect(ann.lastJoin == nil, "no join was observed")
        #expect(ann.lastLeft == ZoomTime.parse("2026-11-20T08:30:00Z"))
        #expect(!ann.inRoom)
        let bo = try #require(try await store.presence(meetingIDs: [555], now: Self.now).first { $0.participantName == "Bo Chen" })
        #expect(bo.lastJoin == ZoomTime.parse("2026-11-20T08:01:00Z"))
        let csv = ExportTable.presence([ann], watch: ["Ann Lee"]).csv()
        #expect(csv.contains("Ann Lee,out,,2026-11-20 08:30:00"), "\(csv)")
        // The leave still counts as a disconnection.
        #expect(try await store.disconnectionRecords().map(\.participantName).sorted() == ["Ann Lee", "Bo Chen"])
    }

    @Test func aMeetingThatEndedLeavesNobodyInTheRoom() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let joined = try webhookRecord(webhookBody("participant_joined", "Ann Lee", "2026-11-20T08:01:00Z", meeting: "R1", meetingID: 555))
        let ended = try webhookRecord(
            #"{"event":"meeting.ended","event_ts":1,"payload":{"object":{"uuid":"R1","id":"555","topic":"Class","start_time":"2026-11-20T08:00:00Z","end_time":"2026-11-20T09:00:00Z"}}}"#)
        _ = try await store.commitWebhookRecords([joined, ended], receivedAt: 100, monitored: { _ in true })
        _ = try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store, presenceMeetingIDs: [555])
        let ann = try #require(try await store.presence(meetingIDs: [555], now: Self.now).first)
        #expect(!ann.inRoom)
        #expect(ann.lastLeft == ZoomTime.parse("2026-11-20T09:00:00Z"), "the meeting's end")
    }
}
