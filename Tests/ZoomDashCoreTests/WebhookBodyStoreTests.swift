import Foundation
import Testing
import ZoomDashCore
import ZoomDashStorage

/// Raw webhook bodies are stored compressed (schema 12) and read back byte for byte, and a store
/// written before keeps every event, its body and its analysis.
@Suite(.timeLimit(.minutes(5))) struct WebhookBodyStoreTests {
    let monitorAll: @Sendable (MeetingInstance) -> Bool = { _ in true }

    func classDrops() throws -> [WebhookRecord] {
        try ["ann", "bo", "cy", "di"].enumerated().flatMap { index, name in
            [
                try webhookRecord(webhookBody("participant_joined", name, "2026-11-20T08:01:0\(index)Z")),
                try webhookRecord(webhookBody("participant_left", name, "2026-11-20T08:10:0\(index)Z", reason: networkDrop)),
            ]
        }
    }

    @Test func bodiesAreStoredCompressedAndReadBackByteForByte() async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        var records = try classDrops()
        // Not UTF-8 and too short to compress: kept as it came.
        records.append(try webhookRecord(webhookBody("participant_joined", "eve", "2026-11-20T08:02:00Z")))
        records[records.count - 1].body = [0x7B, 0xFF, 0x7D]
        #expect(try await store.commitWebhookRecords(records, receivedAt: 1, monitored: monitorAll).allSatisfy { $0 })
        #expect(try await store.webhookBodies().map(\.body) == records.map(\.body))
        #expect(try await store.webhookBodies(after: 2, limit: 3).map(\.id) == [3, 4, 5])

        let raw = try SQLiteConnection(path: path, readOnly: true)
        #expect(try raw.scalarInt("SELECT count(*) FROM webhook_event_bodies") == Int64(records.count - 1))
        let stored = try raw.scalarInt("SELECT sum(length(deflated)) FROM webhook_event_bodies")
        let original = records.dropLast().map(\.body.count).reduce(0, +)
        #expect(stored * 2 < original, "\(stored) bytes for \(original)")
        #expect(try raw.scalarInt("SELECT count(*) FROM webhook_events WHERE body = ''") == Int64(records.count - 1))
    }

    @Test func aStoreWrittenBeforeKeepsEveryEventItsBodyAndItsAnalysis() async throws {
        let path = StoreTests.temporaryStorePath()
        let records = try classDrops()
        do {
            let store = try ZoomDashStore(path: path)
            _ = try await store.commitWebhookRecords(records, receivedAt: 1, monitored: monitorAll)
            try await AnalysisRunner(thresholds: AnalysisThresholds()).analyse(meetingUUIDs: ["M1"], in: store)
        }
        let before = try await ZoomDashStore(path: path, readOnly: true).disconnectionRecords()
        #expect(before.count == 4)
        // As schema 11 left it: every body in webhook_events, no table of compressed ones.
        let raw = try SQLiteConnection(path: path)
        for (index, record) in records.enumerated() {
            try raw.execute("UPDATE webhook_events SET body = '\(String(decoding: record.body, as: UTF8.self))' WHERE id = \(index + 1)")
        }
        try raw.execute("DROP TABLE webhook_event_bodies; PRAGMA user_version = 11;")

        let store = try ZoomDashStore(path: path)
        #expect(try await store.webhookBodies().map(\.body) == records.map(\.body))
        let later = try webhookRecord(webhookBody("participant_joined", "fay", "2026-11-20T08:03:00Z"))
        #expect(try await store.commitWebhookRecords([later] + records, receivedAt: 2, monitored: monitorAll) == [true] + records.map { _ in false })
        #expect(try await store.webhookBodies().map(\.body) == records.map(\.body) + [later.body])
        try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store)
        #expect(try await store.disconnectionRecords() == before)
    }
}
