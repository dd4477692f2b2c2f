import Testing
import ZoomDashCore
import ZoomDashStorage

/// A re-analysis rewrites only the meetings whose derived rows changed, and what it leaves equals
/// what a store analysed from scratch holds.
@Suite(.timeLimit(.minutes(5))) struct ReanalysisWritesTests {
    func meeting(_ uuid: String) -> MeetingInstance {
        MeetingInstance(uuid: uuid, meetingID: 1, topic: "Class", startTime: 0, endTime: 3600, source: .report)
    }

    /// M1's five people rejoin after 100 s (a drop only with a grace above 100 s), M2's after 30 s,
    /// M3's drops are Zoom's own network errors: a grace of 60 s changes M1 alone.
    func fill(_ store: ZoomDashStore) async throws {
        try await store.upsertMeetings(["M1", "M2", "M3"].map(meeting), monitored: { _ in true }, now: 1)
        func people(_ uuid: String, leave: UnixSeconds, back: UnixSeconds, source: DataSource, reason: String? = nil) -> [ParticipantSession] {
            (0..<5).flatMap { index in
                [
                    session("p\(index)", 0, leave + UnixSeconds(index), reason, meeting: uuid, source: source),
                    session("p\(index)", back + UnixSeconds(index), 3600, reason.map { _ in hostEnded }, meeting: uuid, source: source),
                ]
            }
        }
        try await store.storeParticipants(meetingUUID: "M1", sessions: people("M1", leave: 1000, back: 1100, source: .report), fetchedAt: 2)
        try await store.storeParticipants(meetingUUID: "M2", sessions: people("M2", leave: 2000, back: 2030, source: .report), fetchedAt: 2)
        try await store.storeParticipants(
            meetingUUID: "M3", sessions: people("M3", leave: 1500, back: 1700, source: .dashboard, reason: networkDrop), fetchedAt: 2)
    }

    /// Counts the rows written to disconnections and usage_buckets, by meeting, behind the store's back.
    struct WriteCounter {
        let connection: SQLiteConnection

        init(path: String) throws {
            connection = try SQLiteConnection(path: path)
            var sql = "CREATE TABLE test_writes (meeting_uuid TEXT PRIMARY KEY, n INTEGER NOT NULL);"
            for table in ["disconnections", "usage_buckets"] {
                for (event, row) in [("INSERT", "NEW"), ("DELETE", "OLD")] {
                    sql += """
                        CREATE TRIGGER test_\(table)_\(event) AFTER \(event) ON \(table) BEGIN
                            INSERT INTO test_writes VALUES (\(row).meeting_uuid, 1) ON CONFLICT (meeting_uuid) DO UPDATE SET n = n + 1;
                        END;
                        """
                }
            }
            try connection.execute(sql)
        }

        func takeWrittenMeetings() throws -> Set<String> {
            let query = try connection.prepare("SELECT meeting_uuid FROM test_writes")
            var result = Set<String>()
            while try query.step() { result.insert(query.text(0)) }
            try connection.execute("DELETE FROM test_writes")
            return result
        }
    }

    func consistency(_ path: String) throws -> [Int64] {
        let connection = try SQLiteConnection(path: path)
        return [
            try connection.scalarInt("SELECT COUNT(*) FROM disconnections"),
            try connection.scalarInt("SELECT COALESCE(SUM(n), 0) FROM row_counts WHERE kind = 'disconnections'"),
            try connection.scalarInt("SELECT COALESCE(SUM(drops), 0) FROM usage_buckets"),
            try connection.scalarInt("SELECT COALESCE(SUM(drops), 0) FROM usage_totals"),
            try connection.scalarInt("SELECT COALESCE(SUM(participant_s), 0) FROM usage_buckets"),
            try connection.scalarInt("SELECT COALESCE(SUM(participant_s), 0) FROM usage_totals"),
        ]
    }

    @Test func unchangedMeetingsAreNotRewrittenAndTheResultEqualsAFreshAnalysis() async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        try await fill(store)
        let defaults = AnalysisRunner(thresholds: AnalysisThresholds(), now: { 5000 })
        #expect(try await defaults.reanalyseAll(in: store).disconnections == 15)
        let counter = try WriteCounter(path: path)

        #expect(try await defaults.reanalyseAll(in: store).disconnections == 15)
        #expect(try counter.takeWrittenMeetings().isEmpty, "the same thresholds derive the same rows: nothing is written")

        var shorter = AnalysisThresholds()
        shorter.reconnectGraceSeconds = 60
        let strict = AnalysisRunner(thresholds: shorter, now: { 5000 })
        #expect(try await strict.reanalyseAll(in: store).disconnections == 10)
        #expect(try counter.takeWrittenMeetings() == ["M1"], "only the meeting whose drops changed is rewritten")

        let freshPath = StoreTests.temporaryStorePath()
        let fresh = try ZoomDashStore(path: freshPath)
        try await fill(fresh)
        try await strict.reanalyseAll(in: fresh)
        #expect(try await store.disconnectionRecords() == (try await fresh.disconnectionRecords()))
        #expect(try await store.usageTotals(from: 0, to: 7200) == (try await fresh.usageTotals(from: 0, to: 7200)))
        #expect(try await store.analysisTotals().disconnects == (try await fresh.analysisTotals().disconnects))
        let kept = try consistency(path)
        #expect(kept == (try consistency(freshPath)))
        #expect(kept[0] == kept[1] && kept[2] == kept[3] && kept[4] == kept[5], "counts and totals follow the rows: \(kept)")
    }

    /// First, in the middle or last in key order: the merge with the stored rows must pass it by
    /// without pairing its rows with a neighbour's.
    @Test(arguments: ["M1", "M2", "M3"]) func aMeetingWithoutSessionsLosesItsDerivedRows(_ emptied: String) async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        try await fill(store)
        let runner = AnalysisRunner(thresholds: AnalysisThresholds(), now: { 5000 })
        let before = try await runner.reanalyseAll(in: store).disconnections
        let connection = try SQLiteConnection(path: path)
        func rows(_ table: String, _ meeting: String) throws -> Int64 {
            try connection.scalarInt("SELECT COUNT(*) FROM \(table) WHERE meeting_uuid = '\(meeting)'")
        }
        let others = ["M1", "M2", "M3"].filter { $0 != emptied }
        let kept = try others.map { (try rows("disconnections", $0), try rows("usage_buckets", $0)) }
        let lost = try rows("disconnections", emptied)
        try connection.execute("DELETE FROM participant_sessions WHERE meeting_uuid = '\(emptied)'")

        #expect(try await runner.reanalyseAll(in: store).disconnections == before - Int(lost))
        #expect(try rows("disconnections", emptied) == 0)
        #expect(try rows("usage_buckets", emptied) == 0)
        for (index, meeting) in others.enumerated() {
            #expect(try rows("disconnections", meeting) == kept[index].0, "\(meeting) keeps its drops")
            #expect(try rows("usage_buckets", meeting) == kept[index].1, "\(meeting) keeps its quarter hours")
        }
        let counts = try consistency(path)
        #expect(counts[0] == counts[1] && counts[2] == counts[3] && counts[4] == counts[5], "counts and totals follow the rows: \(counts)")
        if emptied == "M3" {  // the figures this test always had for the last meeting
            #expect(before - Int(lost) == 10)
            #expect(counts == [10, 10, 10, 10, counts[4], counts[4]], "counts and totals follow the rows: \(counts)")
        }
    }

    /// On a file two parallel readers read and analyse, in memory the store's thread reads and the
    /// analysis thread decodes and analyses: either way the phases are measured only when asked, and the same rows result.
    @Test(arguments: [true, false]) func phasesAreMeasuredOnlyWhenAskedOnEitherPath(_ onFile: Bool) async throws {
        let store = try ZoomDashStore(path: onFile ? StoreTests.temporaryStorePath() : ":memory:")
        try await fill(store)
        let runner = AnalysisRunner(thresholds: AnalysisThresholds(), now: { 5000 })
        let plain = try await runner.reanalyseAll(in: store)
        #expect(plain.phases == nil)

        let measured = try await runner.reanalyseAll(in: store, measuringPhases: true)
        var withoutPhases = measured
        withoutPhases.phases = nil
        #expect(withoutPhases == plain, "measuring changes nothing derived")
        let phases = try #require(measured.phases)
        #expect(phases.readingThreads == 2)
        #expect(phases.read > .zero && phases.analyse > .zero && phases.prepare > .zero && phases.wall > .zero)
        #expect(phases.description.contains("on \(phases.readingThreads) threads"))
    }
}
