import Foundation
import Testing
import ZoomDashCore
import ZoomDashStorage

@Suite struct IncidentMatcherTests {
    func meeting(_ start: UnixSeconds, _ end: UnixSeconds, dropped: Int = 5) -> Incident {
        Incident(scope: .meeting, meetingUUID: "M1", start: start, end: end, dropped: dropped, present: 20, meetings: 1)
    }

    @Test func theSameIncidentFoundAgainKeepsItsIdAndChangesNothing() {
        let stored = [IdentifiedIncident(id: 7, incident: meeting(100, 130))]
        #expect(IncidentMatcher.changes(stored: stored, derived: [meeting(100, 130)]) == [.unchanged(id: 7)])
    }

    @Test func aLateDropThatMovesTheStartOrGrowsItIsAnUpdateOfTheSameIncident() {
        let stored = [IdentifiedIncident(id: 7, incident: meeting(100, 130))]
        #expect(IncidentMatcher.changes(stored: stored, derived: [meeting(90, 125, dropped: 6)])
            == [.updated(id: 7, from: meeting(100, 130), to: meeting(90, 125, dropped: 6))])
    }

    @Test func aSplitKeepsTheIdForTheFirstPartAndAMergeWithdrawsTheSecond() {
        let one = [IdentifiedIncident(id: 7, incident: meeting(100, 200))]
        #expect(IncidentMatcher.changes(stored: one, derived: [meeting(100, 130), meeting(160, 200)])
            == [.updated(id: 7, from: meeting(100, 200), to: meeting(100, 130)), .opened(meeting(160, 200))])
        let two = [IdentifiedIncident(id: 8, incident: meeting(160, 200)), IdentifiedIncident(id: 7, incident: meeting(100, 130))]
        #expect(IncidentMatcher.changes(stored: two, derived: [meeting(100, 200)])
            == [.updated(id: 7, from: meeting(100, 130), to: meeting(100, 200)), .withdrawn(id: 8, last: meeting(160, 200))])
    }

    @Test func incidentsApartInTimeAreDifferentIncidents() {
        let stored = [IdentifiedIncident(id: 7, incident: meeting(100, 130))]
        #expect(IncidentMatcher.changes(stored: stored, derived: [meeting(131, 150)])
            == [.opened(meeting(131, 150)), .withdrawn(id: 7, last: meeting(100, 130))])
    }
}

/// Incident ids in the store, and the outbox the analysis writes in its own transaction.
@Suite(.timeLimit(.minutes(5))) struct IncidentOutboxTests {
    /// Two meetings with a collective drop each at the same minute (an account-level incident too).
    func storeWithTwoIncidents(dropsPerMeeting: Int = 5) async throws -> ZoomDashStore {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        for uuid in ["M1", "M2"] {
            try await store.upsertMeetings(
                [MeetingInstance(uuid: uuid, meetingID: 1, topic: "Class", startTime: 0, endTime: 3600, source: .dashboard)],
                monitored: { _ in true }, now: 1)
            let sessions = (0..<10).flatMap { index in
                index < dropsPerMeeting
                    ? [session("p\(index)", 0, 1000 + UnixSeconds(index), networkDrop, meeting: uuid), session("p\(index)", 1100, 3600, hostEnded, meeting: uuid)]
                    : [session("p\(index)", 0, 3600, hostEnded, meeting: uuid)]
            }
            try await store.storeParticipants(meetingUUID: uuid, sessions: sessions, fetchedAt: 2)
        }
        return store
    }

    /// Two meetings make a "Zoom bad moment" here.
    static let thresholds: AnalysisThresholds = {
        var thresholds = AnalysisThresholds()
        thresholds.accountMinMeetings = 2
        return thresholds
    }()

    func events(_ store: ZoomDashStore) async throws -> [IncidentEvent] { try await store.outboxEvents(after: 0, limit: 1000) }

    @Test func idsSurviveReanalysisAndEachIncidentIsOpenedOnceHoweverManyPassesSawIt() async throws {
        let store = try await storeWithTwoIncidents()
        let runner = AnalysisRunner(thresholds: Self.thresholds, now: { 500 })
        for _ in 0..<3 { try await runner.analyse(meetingUUIDs: ["M1", "M2"], in: store) }
        let before = try await store.incidentRecords()
        #expect(before.map(\.scope) == [.account, .meeting, .meeting])
        try await runner.reanalyseAll(in: store)
        try await runner.reanalyseAll(in: store)
        #expect(try await store.incidentRecords() == before, "same ids, same figures")
        let outbox = try await events(store)
        #expect(outbox.map(\.kind) == [.opened, .opened, .opened], "one per incident: two meetings and the account")
        #expect(Set(outbox.map(\.incidentID)) == Set(before.map(\.id)))
        #expect(outbox.allSatisfy { $0.time == 500 })
        #expect(outbox.map(\.id) == outbox.map(\.id).sorted(), "in the order they happened")
    }

    @Test func aThresholdChangeWithdrawsAndAGrowingIncidentIsUpdated() async throws {
        let store = try await storeWithTwoIncidents()
        try await AnalysisRunner(thresholds: Self.thresholds, now: { 500 }).analyse(meetingUUIDs: ["M1", "M2"], in: store)
        let opened = try await store.incidentRecords()

        // Zoom's own record of M1 shows two more drops: the same incident, grown.
        let grown = (0..<10).flatMap { index in
            index < 7
                ? [session("p\(index)", 0, 1000 + UnixSeconds(index), networkDrop), session("p\(index)", 1100, 3600, hostEnded)]
                : [session("p\(index)", 0, 3600, hostEnded)]
        }
        try await store.storeParticipants(meetingUUID: "M1", sessions: grown, fetchedAt: 3)
        try await AnalysisRunner(thresholds: Self.thresholds, now: { 600 }).analyse(meetingUUIDs: ["M1"], in: store)
        let afterGrowth = try await events(store).filter { $0.time == 600 }
        #expect(afterGrowth.map(\.kind) == [.updated, .updated], "the meeting incident grew, so did the account's")
        let m1 = try #require(afterGrowth.first { $0.incident.scope == .meeting })
        #expect(m1.previous?.dropped == 5 && m1.incident.dropped == 7)
        #expect(Set(try await store.incidentRecords().map(\.id)) == Set(opened.map(\.id)))

        // Stricter thresholds: M2's five drops are no longer an incident, nor is the account's.
        var stricter = Self.thresholds
        stricter.collectiveMinParticipants = 6
        try await AnalysisRunner(thresholds: stricter, now: { 700 }).reanalyseAll(in: store)
        let withdrawn = try await events(store).filter { $0.time == 700 }
        #expect(withdrawn.map(\.kind) == [.withdrawn, .withdrawn])
        #expect(Set(withdrawn.map(\.incident.meetingUUID)) == [nil, "M2"])
        #expect(try await store.incidentRecords().map(\.meetingUUID) == ["M1"])
        #expect(try await store.analysisTotals().incidents == ["meeting": 1], "the trigger-kept counts follow updates and deletes")
    }

    @Test func notifiersReadFromTheirOwnCursorAndNewOnesStartAtTheEnd() async throws {
        let store = try await storeWithTwoIncidents()
        #expect(try await store.notifierCursor("early", now: 1) == 0)
        try await AnalysisRunner(thresholds: Self.thresholds, now: { 500 }).analyse(meetingUUIDs: ["M1", "M2"], in: store)
        let all = try await events(store)
        #expect(try await store.notifierCursor("late", now: 2) == all.last?.id, "a notifier added now is not sent the history")
        #expect(try await store.outboxEvents(after: try await store.notifierCursor("early", now: 3), limit: 10) == all)
        try await store.setNotifierCursor("early", to: all[0].id, now: 4)
        try await store.setNotifierCursor("early", to: 0, now: 5)
        #expect(try await store.notifierCursor("early", now: 6) == all[0].id, "a cursor never goes back")

        #expect(try await store.pruneOutbox(before: 10_000, notifiers: ["early", "late"]) == 1, "only what every notifier delivered")
        #expect(try await store.pruneOutbox(before: 100, notifiers: []) == 0, "nothing younger than the retention")
        #expect(try await store.pruneOutbox(before: 10_000, notifiers: []) == 2)
    }
}
