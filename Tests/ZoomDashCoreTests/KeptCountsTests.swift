import Foundation
import Testing
import ZoomDashCore
import ZoomDashStorage

/// What `status()` reads from kept counts instead of passes over months of rows (schema 10), and the
/// runs it summarises in one pass: the same answers as counting.
@Suite(.timeLimit(.minutes(5))) struct KeptCountsTests {
    func meeting(_ uuid: String) -> MeetingInstance {
        MeetingInstance(uuid: uuid, meetingID: 1, topic: "Class", startTime: 0, endTime: 3600, source: .dashboard)
    }

    @Test func theSessionCountFollowsEveryWriterAndIsFilledWhenAnOlderStoreIsMigrated() async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        let counted = try SQLiteConnection(path: path)
        func expectCounted(_ expected: Int64, _ comment: Comment) async throws {
            #expect(try counted.scalarInt("SELECT COUNT(*) FROM participant_sessions") == expected, comment)
            #expect(try await store.status().participantSessions == Int(expected), comment)
            #expect(try await store.status(tallies: false).participantSessions == Int(expected), comment)
        }
        try await store.upsertMeetings([meeting("M1"), meeting("M2"), meeting("W1")], monitored: { _ in true }, now: 1)
        let bulk = [session("ann", 0, 100, networkDrop), session("ann", 130, 3600, hostEnded), session("bo", 0, 3600, meeting: "M2")]
        try await store.insertSessions(bulk)
        try await expectCounted(3, "a bulk insert")
        try await store.insertSessions(bulk)
        try await expectCounted(3, "the same rows again are updates")

        let webhook = [session("cy", 10, 200, networkDrop, meeting: "W1", source: .webhook), session("cy", 230, nil, meeting: "W1", source: .webhook)]
        #expect(try await store.replaceWebhookSessions(["W1": webhook]) == ["W1"])
        try await expectCounted(5, "webhook sessions")
        #expect(try await store.replaceWebhookSessions(["W1": [session("cy", 10, nil, meeting: "W1", source: .webhook)]]) == ["W1"])
        try await expectCounted(4, "a rebuild with fewer")

        let zoom = [session("cy", 10, 200, networkDrop, meeting: "W1"), session("cy", 230, 3600, hostEnded, meeting: "W1"), session("di", 0, 3600, meeting: "W1")]
        #expect(try await store.storeParticipants(meetingUUID: "W1", sessions: zoom, fetchedAt: 2) == 2, "three rows for one")
        try await expectCounted(6, "Zoom's record replaces the webhook's")
        #expect(try await store.storeParticipants(meetingUUID: "W1", sessions: Array(zoom.prefix(2)), fetchedAt: 3) == 0)
        try await expectCounted(6, "a re-fetch with fewer rows keeps what was stored")
        try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store)
        try await expectCounted(6, "a re-analysis")

        // A store of schema 9 gets the count from its rows when it opens.
        try counted.execute(StoreTests.undoSchema10)
        #expect(try await ZoomDashStore(path: path).status().participantSessions == 6)
    }

    @Test func statusWithoutTalliesSkipsOnlyThem() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        try await store.upsertMeetings([meeting("M1")], monitored: { _ in true }, now: 1)
        let sessions = (0..<5).flatMap { index in
            [session("p\(index)", 0, 600 + UnixSeconds(index), networkDrop), session("p\(index)", 660, 3600, hostEnded)]
        }
        try await store.storeParticipants(meetingUUID: "M1", sessions: sessions, fetchedAt: 2)
        try await AnalysisRunner(thresholds: AnalysisThresholds()).analyse(meetingUUIDs: ["M1"], in: store)
        let full = try await store.status()
        let lean = try await store.status(tallies: false)
        #expect(full.disconnectionsByReason == ["network": 5])
        #expect(full.incidentsByScope == ["meeting": 1])
        #expect(full.minutesLost == 4, "60 + 59 + 58 + 57 + 56 seconds")
        #expect(full.monitoredMeetings == 1)
        #expect(lean.minutesLost == 0)
        #expect(lean.monitoredMeetings == 0)
        #expect(lean.disconnectionsByReason == full.disconnectionsByReason)
        #expect(lean.incidentsByScope == full.incidentsByScope)
        #expect(lean.meetings == full.meetings)
        #expect(lean.participantSessions == 10)
    }

    @Test func eachCollectorAndSinkHasItsNewestRunItsLastSuccessAndItsCounts() async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        for index in 0..<30 {
            let time = UnixSeconds(index * 900)
            for (collector, failing) in [("participants", index % 7 == 0), ("qos", index >= 27)] {
                try await store.recordRun(
                    CollectorRun(
                        collector: collector, startedAt: time, finishedAt: time + 10, result: failing ? .error : .ok, rows: index, apiCalls: 1,
                        error: failing ? "HTTP 503" : nil))
            }
            try await store.recordSinkRun(
                SinkRun(sink: "csv", startedAt: time + 20, finishedAt: time + 21, result: index == 29 ? .partial : .ok, rows: index, error: nil))
        }
        try expectStates(try await store.status())

        // A store of schema 9 gets the counts from its runs when it opens.
        try SQLiteConnection(path: path).execute(StoreTests.undoSchema10)
        try expectStates(try await ZoomDashStore(path: path).status())
    }

    func expectStates(_ status: StoreStatus) throws {
        #expect(status.collectors.map(\.collector) == ["participants", "qos"])
        let participants = try #require(status.collectors.first)
        #expect(participants.lastRun.rows == 29)
        #expect(participants.lastRun.result == .ok)
        #expect(participants.lastSuccessAt == UnixSeconds(29 * 900 + 10))
        #expect(participants.runs == 30)
        #expect(participants.failedRuns == 5)
        let qos = try #require(status.collectors.last)
        #expect(qos.lastRun.result == .error)
        #expect(qos.lastRun.error == "HTTP 503")
        #expect(qos.lastSuccessAt == UnixSeconds(26 * 900 + 10))
        #expect(qos.failedRuns == 3)
        let csv = try #require(status.sinks.first)
        #expect(csv.lastRun.result == .partial)
        #expect(csv.lastSuccessAt == UnixSeconds(28 * 900 + 21))
        #expect(csv.runs == 30)
        #expect(csv.failedRuns == 1)
    }
}
