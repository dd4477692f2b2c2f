import Foundation
import Synchronization
import Testing
import ZoomDashCollectors
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage

@Suite(.timeLimit(.minutes(5)))
struct WebhookIngestorTests {
    static func temporaryStorePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("zd-ingestor-\(UUID().uuidString)/store.sqlite").path
    }

    func left(_ name: String, second: Int = 0) throws -> WebhookRecord {
        let body = #"{"event":"meeting.participant_left","event_ts":1,"payload":{"object":{"uuid":"M1","id":"81234567890","topic":"Class","start_time":"2026-11-20T08:00:00Z","participant":{"user_name":"\#(name)","participant_uuid":"P-\#(name)","leave_time":"2026-11-20T08:10:\#(String(format: "%02d", second))Z","leave_reason":"left the meeting. Reason: Network connection error."}}}}"#
        return try WebhookParser.parse(Array(body.utf8))
    }

    /// The events the ingestor hands to live analysis.
    final class Committed: Sendable {
        let events = Mutex<[String]>([])
    }

    func ingestor(_ store: ZoomDashStore, committed: Committed = Committed()) -> WebhookIngestor {
        WebhookIngestor(store: store, monitored: { _ in true }, now: { 1_763_625_600 }) { records in
            committed.events.withLock { $0 += records.map(\.event) }
        }
    }

    /// Runs the committer while `body` runs, then stops it as a cancelled service would be.
    func whileRunning<T: Sendable>(_ ingestor: WebhookIngestor, _ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try? await ingestor.run(); return nil }
            let result = try await body()
            group.cancelAll()
            try await group.waitForAll()
            return result
        }
    }

    @Test func concurrentRequestsAreCommittedOnceEachAndRedeliveriesAreDuplicates() async throws {
        let store = try ZoomDashStore(path: Self.temporaryStorePath())
        let committed = Committed()
        let ingestor = ingestor(store, committed: committed)
        let records = try (0..<50).map { try left("P\($0)", second: $0) }
        let outcomes: [WebhookIngestor.Outcome] = try await whileRunning(ingestor) {
            let first = try await withThrowingTaskGroup(of: WebhookIngestor.Outcome.self) { group in
                for record in records { group.addTask { try await ingestor.ingest(record) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            return first + [try await ingestor.ingest(records[7])]
        }
        #expect(outcomes.filter { $0 == .stored }.count == 50)
        #expect(outcomes.last == .duplicate, "Zoom's retry of an event already stored")
        #expect(committed.events.withLock { $0.count } == 50, "only new events go to live analysis")
    }

    /// The committer parks on an empty queue; each request must wake it, however long it was idle.
    @Test func anIdleCommitterIsWokenByEachRequest() async throws {
        let store = try ZoomDashStore(path: Self.temporaryStorePath())
        let ingestor = ingestor(store)
        let records = try (0..<20).map { try left("P\($0)", second: $0) }
        let outcomes: [WebhookIngestor.Outcome] = try await whileRunning(ingestor) {
            var outcomes: [WebhookIngestor.Outcome] = []
            for record in records { outcomes.append(try await ingestor.ingest(record)) }
            return outcomes
        }
        #expect(outcomes == Array(repeating: .stored, count: 20))
    }

    @Test func aFailedCommitAnswersEveryWaiterWithTheErrorAndTheCommitterGoesOn() async throws {
        let path = Self.temporaryStorePath()
        _ = try ZoomDashStore(path: path)
        let readOnly = try ZoomDashStore(path: path, readOnly: true)
        let ingestor = ingestor(readOnly)
        let failures = try await whileRunning(ingestor) {
            var failures = 0
            for round in 0..<2 {
                await withTaskGroup(of: Bool.self) { group in
                    for index in 0..<10 {
                        let record = try? left("P\(round)-\(index)", second: index)
                        group.addTask { (try? await ingestor.ingest(record!)) == nil }
                    }
                    for await failed in group where failed { failures += 1 }
                }
            }
            return failures
        }
        #expect(failures == 20, "every request of a failed round is refused (503), none is left waiting")
    }

    @Test func requestsAfterShutdownAreRefusedAndNothingIsStored() async throws {
        let path = Self.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        let ingestor = ingestor(store)
        try await whileRunning(ingestor) {}
        await #expect(throws: CollectorError.shuttingDown) { try await ingestor.ingest(try left("late")) }
        #expect(try await store.webhookParticipantEvents(meetingUUIDs: ["M1"], alsoInclude: []).values.allSatisfy(\.isEmpty))
    }
}
