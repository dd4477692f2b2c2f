import Testing
import ZoomDashCore

@testable import ZoomDashStorage

/// A re-analysis pairs each meeting's results with its stored rows by walking both in SQLite's key
/// order, and reads repeated column values without decoding them again: both must agree with
/// SQLite byte for byte.
@Suite struct KeyOrderTests {
    static let texts = ["", "a", "A", "ab", "a b", "a\u{0}b", "é", "e\u{301}", "z", "Ω", "日本", "😀", "aé", "~", "\u{7f}"]

    @Test func theOrderIsSQLitesBinaryOrder() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (v TEXT NOT NULL)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?)")
        for text in Self.texts {
            insert.bind(1, text)
            try insert.run()
        }
        let query = try connection.prepare("SELECT v FROM t ORDER BY v")
        var sqliteOrder: [String] = []
        while try query.step() { sqliteOrder.append(query.text(0)) }

        #expect(Self.texts.sorted { $0.precedesInKeyOrder($1) } == sqliteOrder)
        #expect(!"é".precedesInKeyOrder("e\u{301}") || !"e\u{301}".precedesInKeyOrder("é"), "canonically equal, different bytes: one order")
        #expect(!"a".precedesInKeyOrder("a"))
    }

    func fingerprint(_ bucket: Int64) -> RowsFingerprint { RowsFingerprint(usage: [UsageBucket(bucket: bucket)]) }

    @Test func takingInKeyOrderHandsOverTheMeetingsPassedBy() throws {
        var stored = KeyOrderedFingerprints()
        for (index, uuid) in ["A", "B", "C", "D", "E"].enumerated() { stored.append(uuid, fingerprint(Int64(index))) }
        var passed: [String] = []

        #expect(try stored.take("A") { passed.append($0) } == fingerprint(0))
        #expect(try stored.take("AA") { passed.append($0) } == nil, "a meeting without stored rows")
        #expect(try stored.take("D") { passed.append($0) } == fingerprint(3))
        #expect(passed == ["B", "C"])
        #expect(Array(stored.untakenRest) == ["E"])
    }

    @Test func takingOutOfOrderThrowsInsteadOfPairingTheWrongRows() throws {
        var stored = KeyOrderedFingerprints()
        stored.append("B", fingerprint(1))
        _ = try stored.take("C") { _ in }

        #expect(throws: StoreError.self) { try stored.take("B") { _ in } }
        #expect(throws: StoreError.self) { try stored.take("C") { _ in } }
    }

    @Test func repeatedTextDecodesOnlyNewBytesAndTellsRepairedTextsApart() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        // Two different invalid sequences that decode to the same repaired String, then NULL and "".
        let query = try connection.prepare(
            """
            SELECT v FROM (SELECT 1 AS k, 'x' AS v UNION ALL SELECT 2, 'x' UNION ALL SELECT 3, CAST(X'FF' AS TEXT)
            UNION ALL SELECT 4, CAST(X'FE' AS TEXT) UNION ALL SELECT 5, CAST(X'FE' AS TEXT) UNION ALL SELECT 6, NULL
            UNION ALL SELECT 7, '' UNION ALL SELECT 8, 'y') ORDER BY k
            """)
        var reader = RepeatedText()
        var seen: [Bool] = []
        var texts: [String] = []
        while try query.step() {
            let (text, isNew) = reader.read(query, 0)
            seen.append(isNew)
            texts.append(text)
        }

        #expect(seen == [true, false, true, true, false, true, false, true], "NULL reads as the empty text that follows it")
        #expect(texts == ["x", "x", "\u{FFFD}", "\u{FFFD}", "\u{FFFD}", "", "", "y"])
    }
}
