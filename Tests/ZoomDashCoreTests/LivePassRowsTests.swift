import Foundation
import Testing
import ZoomDashCore
@testable import ZoomDashStorage

/// A live pass writes a meeting's disconnections and quarter hours row by row, only those that
/// changed; after any sequence of passes the store must hold what a full `reanalyze` derives.
@Suite(.timeLimit(.minutes(5))) struct LivePassRowsTests {
    let monitorAll: @Sendable (MeetingInstance) -> Bool = { _ in true }
    let reasons = [networkDrop, clientDrop, leftVoluntarily, breakoutMove, hostEnded]

    func at(_ second: Int) -> String {
        String(format: "2026-11-20T08:%02d:%02dZ", second / 60, second % 60)
    }

    /// Joins, drops, rejoins, leaves delivered late or twice, leaves without a join, breakout moves at
    /// one second: what Zoom sends a live class, in batches of one to three between passes.
    func script(seed: UInt64) throws -> [[WebhookRecord]] {
        var random = seed
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        var records: [WebhookRecord] = []
        var inRoom: Set<String> = []
        var clock = 0
        for _ in 0..<60 {
            let person = "p\(next(6))"
            let meeting = next(4) == 0 ? "M2" : "M1"
            clock += next(3) == 0 ? 0 : 1 + next(40)
            let late = next(8) == 0 ? max(0, clock - 30) : clock
            let joining = !inRoom.contains(person + meeting) && next(6) != 0
            let body =
                joining
                ? webhookBody("participant_joined", person, at(late), meeting: meeting)
                : webhookBody("participant_left", person, at(late), reason: reasons[next(reasons.count)], meeting: meeting)
            if joining { inRoom.insert(person + meeting) } else { inRoom.remove(person + meeting) }
            records.append(try webhookRecord(body))
            if next(10) == 0 { records.append(records[records.count - 1]) }  // a redelivery
        }
        var batches: [[WebhookRecord]] = []
        var start = 0
        while start < records.count {
            let end = min(records.count, start + 1 + next(3))
            batches.append(Array(records[start..<end]))
            start = end
        }
        return batches
    }

    /// Every derived table and the kept counts, as text, incident ids left out.
    func snapshot(_ path: String) throws -> [String] {
        let audit = try SQLiteConnection(path: path)
        let queries = [
            """
            SELECT json_group_array(json_array(meeting_uuid, participant_key, join_time, leave_time, name, email, leave_reason,
                connection_id, participant_uuid, zoom_user_id, source, join_observed))
            FROM (SELECT * FROM participant_sessions ORDER BY meeting_uuid, participant_key, join_time)
            """,
            """
            SELECT json_group_array(json_array(meeting_uuid, \(RowsFingerprint.disconnectionColumns)))
            FROM (SELECT * FROM disconnections ORDER BY meeting_uuid, participant_key, time)
            """,
            """
            SELECT json_group_array(json_array(meeting_uuid, \(RowsFingerprint.usageColumns)))
            FROM (SELECT * FROM usage_buckets ORDER BY meeting_uuid, bucket)
            """,
            """
            SELECT json_group_array(json_array(scope, meeting_uuid, start, "end", dropped, present, meetings, cause, evidence, quality_cause))
            FROM (SELECT * FROM incidents ORDER BY scope, meeting_uuid, start)
            """,
            "SELECT json_group_array(json_array(kind, a, b, n)) FROM (SELECT * FROM row_counts ORDER BY kind, a, b)",
        ]
        return try queries.map { query in
            let statement = try audit.prepare(query)
            _ = try statement.step()
            return statement.text(0)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64]) func passesAfterEachBatchEqualAFullReanalysis(seed: UInt64) async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        let runner = AnalysisRunner(thresholds: AnalysisThresholds(), now: { 1_790_000_000 })
        for (index, batch) in try script(seed: seed).enumerated() {
            _ = try await store.commitWebhookRecords(batch, receivedAt: UnixSeconds(index), monitored: monitorAll)
            try await runner.analyse(meetingUUIDs: ["M1", "M2"], in: store)
        }
        let live = try snapshot(path)
        try await runner.reanalyseAll(in: store)
        let full = try snapshot(path)
        #expect(live == full)
        for uuid in ["M1", "M2"] {
            let events = try await store.webhookParticipantEvents(meetingUUIDs: [uuid])[uuid] ?? []
            let rebuilt = WebhookSessionBuilder.sessions(meetingUUID: uuid, events: events)
            #expect(try await store.sessions(meetingUUID: uuid) == rebuilt.sorted { ($0.participantKey, $0.joinTime) < ($1.participantKey, $1.joinTime) })
        }
    }

    /// A pass analyses the sessions it has just written instead of reading them back, so they must be
    /// in the store's order, which compares keys by their bytes (an "é" typed as e + accent sorts
    /// before "f", the one-character "é" after it), and never two that the store keeps as one.
    @Test func rebuiltSessionsAreHandedOnInTheStoresOrderOrNotAtAll() throws {
        func session(_ key: String, _ join: UnixSeconds) -> ParticipantSession {
            ParticipantSession(meetingUUID: "M1", participantKey: key, joinTime: join, leaveTime: nil, name: key, email: "", leaveReason: nil, source: .webhook)
        }
        let keys = ["\u{E9}", "f", "e\u{301}", "e"]
        let ordered = ZoomDashStore.inStoredOrder(keys.map { session($0, 10) } + [session("e", 5)])
        #expect(ordered?.map { Array($0.participantKey.utf8) } == ["e", "e", "e\u{301}", "f", "\u{E9}"].map { Array($0.utf8) })
        #expect(ordered?.prefix(2).map(\.joinTime) == [5, 10])
        #expect(ZoomDashStore.inStoredOrder([session("a", 10), session("b", 10), session("a", 10)]) == nil, "two sessions with one key")
    }

    @Test func aNewDropWritesOnlyItsOwnRow() async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        let runner = AnalysisRunner(thresholds: AnalysisThresholds(), now: { 1_790_000_000 })
        let people = ["ann", "bo", "cy"]
        var records = try people.map { try webhookRecord(webhookBody("participant_joined", $0, at(0))) }
        records += try people.map { try webhookRecord(webhookBody("participant_left", $0, at(600), reason: networkDrop)) }
        records += try people.map { try webhookRecord(webhookBody("participant_joined", $0, at(630))) }
        _ = try await store.commitWebhookRecords(records, receivedAt: 1, monitored: monitorAll)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        let audit = try SQLiteConnection(path: path)
        try audit.execute(
            """
            CREATE TABLE drop_writes (kind TEXT NOT NULL);
            CREATE TRIGGER drop_deleted AFTER DELETE ON disconnections BEGIN INSERT INTO drop_writes VALUES ('delete'); END;
            CREATE TRIGGER drop_inserted AFTER INSERT ON disconnections BEGIN INSERT INTO drop_writes VALUES ('insert'); END;
            """)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(try audit.scalarInt("SELECT count(*) FROM drop_writes") == 0, "nothing new, nothing written")
        let drop = try webhookRecord(webhookBody("participant_left", "bo", at(900), reason: networkDrop))
        _ = try await store.commitWebhookRecords([drop], receivedAt: 2, monitored: monitorAll)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(try audit.scalarInt("SELECT count(*) FROM drop_writes WHERE kind = 'delete'") == 0, "the three earlier drops stay")
        #expect(try audit.scalarInt("SELECT count(*) FROM drop_writes WHERE kind = 'insert'") == 1, "bo's second drop")
        let live = try snapshot(path)
        try await runner.reanalyseAll(in: store)
        #expect(try snapshot(path) == live)
    }
}
