import Foundation
import Logging
import Testing
import ZoomDashCore
import ZoomDashStorage

@Suite(.timeLimit(.minutes(5))) struct StoreTests {
    static func temporaryStorePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("zd-\(UUID().uuidString)/zoomdash.sqlite").path
    }

    /// Takes a store back to schema 3, as an older zoomdashd left it (schema 5's incident table is
    /// kept: it reads like schema 3's, once schema 6's columns are gone).
    static let undoSchema4 = """
        \(undoSchema8)
        DROP TABLE sink_rows;
        DROP TABLE qos_series; DROP TABLE qos_samples; DROP TABLE quality_meetings; DROP TABLE quality_participants;
        DROP TABLE triggered_fetches; ALTER TABLE meetings DROP COLUMN qos_fetched_at; ALTER TABLE meetings DROP COLUMN qos_live_fetched_at;
        ALTER TABLE disconnections DROP COLUMN quality_before;
        DROP TRIGGER incident_causes_count_insert; DROP TRIGGER incident_causes_count_delete; DROP TRIGGER incident_causes_count_update;
        ALTER TABLE incidents DROP COLUMN cause; ALTER TABLE incidents DROP COLUMN evidence; ALTER TABLE incidents DROP COLUMN quality_cause;
        DELETE FROM row_counts WHERE kind IN ('incident_causes', 'quality_minutes', 'quality_poor');
        DROP TABLE outbox; DROP TABLE notifier_cursors; DROP TABLE sink_runs;
        DROP TABLE analysis_due; DROP INDEX meetings_by_meeting_id; ALTER TABLE participant_sessions DROP COLUMN join_observed;
        PRAGMA user_version = 3;
        """

    /// Takes a store back to schema 9 (before the kept session and run counts and the index of drops by time and person).
    static let undoSchema10 = """
        DROP INDEX disconnections_by_time_person; DELETE FROM row_counts WHERE kind IN ('participant_sessions', 'collector_runs', 'sink_runs');
        DROP TRIGGER collector_runs_count_insert; DROP TRIGGER collector_runs_count_delete;
        DROP TRIGGER sink_runs_count_insert; DROP TRIGGER sink_runs_count_delete;
        PRAGMA user_version = 9;
        """

    /// Takes a store back to schema 7 (before the dashboard's usage tables).
    static let undoSchema8 = """
        \(undoSchema10)
        DROP TABLE usage_buckets; DROP TABLE usage_totals; DROP INDEX sessions_open; DROP INDEX disconnections_by_participant;
        PRAGMA user_version = 7;
        """

    func meeting(_ uuid: String, start: UnixSeconds = 0, topic: String = "Class") -> MeetingInstance {
        MeetingInstance(uuid: uuid, meetingID: 1, topic: topic, startTime: start, endTime: start + 3600, source: .dashboard)
    }

    @Test func storingTheSameParticipantsTwiceAddsNothing() async throws {
        let store = try ZoomDashStore(path: Self.temporaryStorePath())
        try await store.upsertMeetings([meeting("M1")], monitored: { _ in true }, now: 10)
        let sessions = [session("ann", 0, 100, networkDrop), session("ann", 130, 3600, hostEnded)]
        #expect(try await store.storeParticipants(meetingUUID: "M1", sessions: sessions, fetchedAt: 10) == 2)
        #expect(try await store.storeParticipants(meetingUUID: "M1", sessions: sessions, fetchedAt: 11) == 0)
        #expect(try await store.sessions(meetingUUID: "M1").count == 2)
        #expect(try await store.meetingsAwaitingParticipants(from: 0, to: 10).isEmpty)
    }

    @Test func sessionsOfAnotherMeetingAreRefusedAndNothingIsWritten() async throws {
        let store = try ZoomDashStore(path: Self.temporaryStorePath())
        try await store.upsertMeetings([meeting("M1"), meeting("M2")], monitored: { _ in true }, now: 10)
        let mixed = [session("ann", 0, 100), session("bob", 0, 100, meeting: "M2")]
        await #expect(throws: StoreError.self) { try await store.storeParticipants(meetingUUID: "M1", sessions: mixed, fetchedAt: 10) }
        #expect(try await store.sessions(meetingUUID: "M1").isEmpty)
        #expect(try await store.sessions(meetingUUID: "M2").isEmpty)
        #expect(try await store.meetingsAwaitingParticipants(from: 0, to: 10).count == 2, "neither is marked fetched")
    }

    @Test func relistingAMeetingKeepsItsFetchedMarkAndUnmonitoredMeetingsAreNeverPending() async throws {
        let store = try ZoomDashStore(path: Self.temporaryStorePath())
        #expect(try await store.upsertMeetings([meeting("M1"), meeting("S1", topic: "Staff")], monitored: { $0.topic == "Class" }, now: 1) == 2)
        #expect(try await store.meetingsAwaitingParticipants(from: 0, to: 10).map(\.uuid) == ["M1"])
        try await store.storeParticipants(meetingUUID: "M1", sessions: [], fetchedAt: 2)
        #expect(try await store.upsertMeetings([meeting("M1")], monitored: { _ in true }, now: 3) == 0)
        #expect(try await store.meetingsAwaitingParticipants(from: 0, to: 10).isEmpty)
    }

    @Test func aFailedTransactionLeavesNothingHalfWritten() async throws {
        let path = Self.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        try await store.upsertMeetings([meeting("M1")], monitored: { _ in true }, now: 1)
        // A second writer holds the lock; the store's write must fail whole (busy) or succeed whole.
        let blocker = try SQLiteConnection(path: path)
        try blocker.execute("PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; INSERT INTO checkpoints VALUES ('k','v',0)")
        try blocker.execute("ROLLBACK")
        let sessions = [session("ann", 0, 100), session("bo", 0, 100)]
        try await store.storeParticipants(meetingUUID: "M1", sessions: sessions, fetchedAt: 2)
        #expect(try await store.sessions(meetingUUID: "M1").count == 2)
    }

    @Test func analysisIsRederivedFromRawRowsWhenThresholdsChange() async throws {
        let store = try ZoomDashStore(path: Self.temporaryStorePath())
        try await store.upsertMeetings([meeting("M1")], monitored: { _ in true }, now: 1)
        let sessions = (0..<5).flatMap { index in
            [session("p\(index)", 0, 1000 + UnixSeconds(index), networkDrop), session("p\(index)", 1100, 3600, hostEnded)]
        }
        try await store.storeParticipants(meetingUUID: "M1", sessions: sessions, fetchedAt: 2)
        let runner = AnalysisRunner(thresholds: AnalysisThresholds())
        let first = try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(first.disconnections == 5)
        #expect(first.meetingIncidents == 1)
        var strict = AnalysisThresholds()
        strict.collectiveMinParticipants = 6
        let second = try await AnalysisRunner(thresholds: strict).reanalyseAll(in: store)
        #expect(second.disconnections == 5)
        #expect(second.meetingIncidents == 0)
        #expect(try await store.incidentRecords().isEmpty)
        #expect(try await store.disconnectionRecords().count == 5)
    }

    @Test func analysisTotalsFollowEveryRewriteAndAreFilledWhenAnOlderStoreIsMigrated() async throws {
        let path = Self.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        try await store.upsertMeetings([meeting("M1"), meeting("M2")], monitored: { _ in true }, now: 1)
        for uuid in ["M1", "M2"] {
            let sessions = (0..<5).flatMap { index in
                [
                    session("p\(index)", 0, 1000 + UnixSeconds(index), networkDrop, meeting: uuid),
                    session("p\(index)", 1100, 3600, hostEnded, meeting: uuid),
                ]
            }
            try await store.storeParticipants(meetingUUID: uuid, sessions: sessions, fetchedAt: 2)
        }
        let runner = AnalysisRunner(thresholds: AnalysisThresholds())
        try await runner.analyse(meetingUUIDs: ["M1", "M2"], in: store)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)  // replaces M1's rows: no double count
        let counted = try SQLiteConnection(path: path)
        func recount() throws -> (disconnections: Int64, incidents: Int64) {
            (try counted.scalarInt("SELECT COUNT(*) FROM disconnections"), try counted.scalarInt("SELECT COUNT(*) FROM incidents"))
        }
        var totals = try await store.analysisTotals()
        #expect(totals.disconnects == [.init("network", "dashboard"): 10])
        #expect(Int64(totals.disconnects.values.reduce(0, +)) == (try recount()).disconnections)
        #expect(totals.incidents == ["meeting": 2])
        try await runner.reanalyseAll(in: store)
        #expect(try await store.analysisTotals().disconnects == totals.disconnects)

        // A store written before the counts existed (schema 2) gets them from its rows on opening.
        try counted.execute(StoreTests.undoSchema4)
        try counted.execute(
            "DROP TABLE row_counts; CREATE INDEX webhook_events_by_meeting ON webhook_events(meeting_uuid, event_time); PRAGMA user_version = 2;")
        for trigger in ["disconnections", "incidents", "meeting_alerts"].flatMap({ ["\($0)_count_insert", "\($0)_count_delete"] }) {
            try counted.execute("DROP TRIGGER \(trigger);")
        }
        totals = try await ZoomDashStore(path: path).analysisTotals()
        #expect(Int64(totals.disconnects.values.reduce(0, +)) == (try recount()).disconnections)
        #expect(Int64(totals.incidents.values.reduce(0, +)) == (try recount()).incidents)
    }

    @Test func readersOpenReadOnlyWhileTheWriterWorks() async throws {
        let path = Self.temporaryStorePath()
        let writer = try ZoomDashStore(path: path)
        try await writer.upsertMeetings([meeting("M1")], monitored: { _ in true }, now: 1)
        let reader = try ZoomDashStore(path: path, readOnly: true)
        #expect(try await reader.status().meetings == 1)
        await #expect(throws: (any Error).self) { try await reader.setCheckpoint("k", "v", now: 0) }
        #expect(throws: StoreError.self) { try ZoomDashStore(path: path + ".missing", readOnly: true) }
    }

    @Test func checkpointsAndRunsAreKept() async throws {
        let store = try ZoomDashStore(path: Self.temporaryStorePath())
        #expect(try await store.checkpoint("a") == nil)
        try await store.setCheckpoint("a", "1", now: 5)
        try await store.setCheckpoint("a", "2", now: 6)
        #expect(try await store.checkpoint("a") == "2")
        try await store.recordRun(CollectorRun(collector: "backfill", startedAt: 1, finishedAt: 2, result: .ok, rows: 3, apiCalls: 4, error: nil))
        try await store.recordRun(CollectorRun(collector: "backfill", startedAt: 3, finishedAt: 4, result: .partial, rows: 0, apiCalls: 1, error: "x"))
        let status = try await store.status()
        let backfill = try #require(status.collectors.first)
        #expect(backfill.lastRun.result == .partial)
        #expect(backfill.lastSuccessAt == 2)
        #expect(backfill.runs == 2)
        #expect(backfill.failedRuns == 1)
    }
}

@Suite struct ZoomLeaseTests {
    @Test func oneHolderAtATimeUntilReleaseOrExpiry() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        #expect(try await store.acquireLease("zoom.api", holder: "daemon", now: 100, seconds: 600))
        #expect(try await store.acquireLease("zoom.api", holder: "daemon", now: 200, seconds: 600), "the holder renews")
        #expect(try await !store.acquireLease("zoom.api", holder: "backfill", now: 300, seconds: 600))
        #expect(try await store.leaseHolder("zoom.api", now: 300) == "daemon")
        #expect(try await store.acquireLease("zoom.api", holder: "backfill", now: 801, seconds: 600), "an expired lease is taken over")
        try await store.releaseLease("zoom.api", holder: "backfill")
        #expect(try await store.leaseHolder("zoom.api", now: 802) == nil)
    }

    @Test func withLeaseReleasesAfterTheWorkEvenWhenItFails() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let lease = ZoomLease(store: store, holder: "backfill")
        let logger = Logger(label: "test")
        #expect(try await lease.withLease(logger: logger, now: { 1000 }) { 42 } == 42)
        #expect(try await store.leaseHolder(ZoomLease.name, now: 1000) == nil)
        await #expect(throws: CancellationError.self) {
            _ = try await lease.withLease(logger: logger, now: { 1000 }) { () async throws -> Int in throw CancellationError() }
        }
        #expect(try await store.leaseHolder(ZoomLease.name, now: 1000) == nil)
    }
}

@Suite struct ZoomLeaseTakeoverTests {
    @Test func aDeadLocalHolderIsTakenOverAtOnce() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let host = ProcessInfo.processInfo.hostName
        // PID 2^22 + 1 is above Linux's pid_max: never a live process.
        #expect(try await store.acquireLease(ZoomLease.name, holder: "zoomdashctl backfill pid 4194305 on \(host)", now: 100, seconds: 600))
        #expect(try await ZoomLease(store: store, holder: "zoomdashd pid 1 on \(host)").tryAcquire(now: 101))
        // A live holder (this process) keeps it; so does a holder on another host, until it expires.
        let live = ZoomLease.holderName(program: "test")
        try await store.releaseLease(ZoomLease.name, holder: "zoomdashd pid 1 on \(host)")
        #expect(try await store.acquireLease(ZoomLease.name, holder: live, now: 102, seconds: 600))
        #expect(try await !ZoomLease(store: store, holder: "other").tryAcquire(now: 103))
        try await store.releaseLease(ZoomLease.name, holder: live)
        #expect(try await store.acquireLease(ZoomLease.name, holder: "x pid 4194305 on elsewhere.example", now: 104, seconds: 600))
        #expect(try await !ZoomLease(store: store, holder: "other").tryAcquire(now: 105))
    }
}

@Suite struct WebhookReconciliationTests {
    @Test func zoomsOwnRecordReplacesWebhookSessionsWithoutDoubleCounting() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let records = try [
            webhookRecord(webhookBody("participant_joined", "ann", "2026-11-20T08:01:00Z")),
            webhookRecord(webhookBody("participant_left", "ann", "2026-11-20T08:10:00Z", reason: "got disconnected from the meeting. Reason : Client Close.")),
            webhookRecord(webhookBody("participant_joined", "ann", "2026-11-20T08:10:30Z")),
        ]
        #expect(try await store.commitWebhookRecords(records, receivedAt: 1, monitored: { _ in true }) == [true, true, true])
        #expect(try await store.commitWebhookRecords([records[1]], receivedAt: 2, monitored: { _ in true }) == [false], "a redelivery is a duplicate")
        let events = try await store.webhookParticipantEvents(meetingUUIDs: ["M1", "unknown"])
        #expect(events.keys.sorted() == ["M1"], "only meetings the store knows and monitors are rebuilt")
        let sessions = WebhookSessionBuilder.sessions(meetingUUID: "M1", events: events["M1"]!)
        #expect(try await store.replaceWebhookSessions(["M1": sessions]) == ["M1"])
        try await AnalysisRunner(thresholds: AnalysisThresholds()).analyse(meetingUUIDs: ["M1"], in: store)
        #expect(try await store.disconnectionRecords().map(\.source) == ["webhook"])

        // The participants collector later stores Zoom's record of the same meeting.
        var rest = sessions.map { session -> ParticipantSession in
            var copy = session
            copy.source = .dashboard
            return copy
        }
        rest[rest.count - 1].leaveTime = ZoomTime.parse("2026-11-20T09:00:00Z")
        try await store.storeParticipants(meetingUUID: "M1", sessions: rest, fetchedAt: 3)
        try await AnalysisRunner(thresholds: AnalysisThresholds()).analyse(meetingUUIDs: ["M1"], in: store)
        #expect(try await store.sessions(meetingUUID: "M1").count == 2)
        #expect(try await store.disconnectionRecords().map(\.source) == ["dashboard"])
        // Late webhook retries no longer touch a meeting Zoom has reported on.
        #expect(try await store.replaceWebhookSessions(["M1": sessions]).isEmpty)
        #expect(try await store.webhookParticipantEvents(meetingUUIDs: ["M1"]).isEmpty)
        let totals = try await store.metricTotals()
        #expect(totals.disconnects.values.reduce(0, +) == 1)
        #expect(totals.disconnects == (try await store.analysisTotals()).disconnects)
    }
}
