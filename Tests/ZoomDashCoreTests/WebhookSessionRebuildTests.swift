import Foundation
import Testing
import ZoomDashCore
import ZoomDashStorage

/// The live analysis rebuilds a meeting's webhook sessions on each pass; only those that changed are
/// written, and the result is what a full rebuild gives.
@Suite(.timeLimit(.minutes(5))) struct WebhookSessionRebuildTests {
    let monitorAll: @Sendable (MeetingInstance) -> Bool = { _ in true }

    func joins(_ people: [String]) throws -> [WebhookRecord] {
        try people.enumerated().map { index, name in try webhookRecord(webhookBody("participant_joined", name, "2026-11-20T08:01:0\(index)Z")) }
    }

    @Test func aPassWritesOnlyTheSessionsThatChanged() async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        let runner = AnalysisRunner(thresholds: AnalysisThresholds())
        _ = try await store.commitWebhookRecords(try joins(["ann", "bo", "cy", "di"]), receivedAt: 1, monitored: monitorAll)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        let audit = try SQLiteConnection(path: path)
        try audit.execute(
            """
            CREATE TABLE session_writes (kind TEXT NOT NULL);
            CREATE TRIGGER session_deleted AFTER DELETE ON participant_sessions BEGIN INSERT INTO session_writes VALUES ('delete'); END;
            CREATE TRIGGER session_inserted AFTER INSERT ON participant_sessions BEGIN INSERT INTO session_writes VALUES ('insert'); END;
            CREATE TRIGGER session_updated AFTER UPDATE ON participant_sessions BEGIN INSERT INTO session_writes VALUES ('update'); END;
            """)
        let leave = try webhookRecord(webhookBody("participant_left", "bo", "2026-11-20T08:10:00Z", reason: networkDrop))
        _ = try await store.commitWebhookRecords([leave], receivedAt: 2, monitored: monitorAll)
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(try audit.scalarInt("SELECT count(*) FROM session_writes WHERE kind = 'update'") == 1, "bo's session, closed in place")
        #expect(try audit.scalarInt("SELECT count(*) FROM session_writes WHERE kind IN ('delete', 'insert')") == 0)
        let live = try await store.sessions(meetingUUID: "M1")
        #expect(live.first { $0.name == "bo" }?.leaveTime != nil)

        try audit.execute("DELETE FROM session_writes")
        try await runner.analyse(meetingUUIDs: ["M1"], in: store)
        #expect(try audit.scalarInt("SELECT count(*) FROM session_writes") == 0, "nothing new, nothing written")
        try await runner.reanalyseAll(in: store)
        #expect(try await store.sessions(meetingUUID: "M1") == live, "a full rebuild gives the same sessions")
        #expect(try await store.participantSessionCount() == 4)
    }
}
