import Testing
import ZoomDashCore
import ZoomDashPipeline
@testable import ZoomDashSinks
import ZoomDashStorage
import ZoomSimKit

/// The parts of a Zoho upload that keep its memory small: batches rendered straight to the request
/// body, content hashes of the typed cells (versioned), the held rows read in key ranges.
@Suite(.timeLimit(.minutes(5)))
struct ZohoRowStateTests {
    static let tricky: [ZohoRow] = [
        ZohoRow(keyHash: 1, cells: [
            .integer(7), .text("meeting"), .text("M, \"1\""), .null, .text("Class\r\n7B"), .time(1_790_000_000), .time(1_790_000_040),
            .integer(-3), .integer(0), .null, .text("local_network"), .integer(2), .integer(3), .text(""), .text("a; b"),
        ]),
        ZohoRow(keyHash: .max, cells: Array(repeating: .decimal(0.12345), count: 15)),
    ]

    /// The body the import would send for `rows` of the incidents table, from ``ExportTable/csv()``.
    static func multipart(_ rows: [ZohoRow], boundary: String) -> String {
        let csv = ExportTable(
            name: "incidents", columns: ["row_key"] + ZohoTable.incidents.columns.map(\.name),
            rows: rows.map { [.text(ZohoRow.keyText($0.keyHash))] + $0.cells }
        ).csv()
        return "--\(boundary)\r\nContent-Disposition: form-data; name=\"FILE\"; filename=\"rows.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + csv + "\r\n--\(boundary)--\r\n"
    }

    @Test func aBatchIsTheMultipartBodyOfTheCSVATableWouldRender() {
        var batch = ZohoBatch(table: .incidents)
        for (index, row) in Self.tricky.enumerated() { batch.append(row, contentHash: UInt64(index)) }
        let upload = batch.finish()
        #expect(String(decoding: upload.body, as: UTF8.self) == Self.multipart(Self.tricky, boundary: batch.boundary))
        #expect(upload.boundary == batch.boundary && upload.count == 2)
        #expect(upload.states == [.init(keyHash: 1, rowHash: 0), .init(keyHash: .max, rowHash: 1)])
        // The next import reuses the buffer, from its header on.
        batch.reset()
        #expect(batch.isEmpty)
        batch.append(Self.tricky[1], contentHash: 9)
        #expect(String(decoding: batch.finish().body, as: UTF8.self) == Self.multipart([Self.tricky[1]], boundary: batch.boundary))
        #expect(String(decoding: upload.body, as: UTF8.self) == Self.multipart(Self.tricky, boundary: batch.boundary), "the upload kept its bytes")
    }

    @Test func theContentHashTellsCellsApartAndFollowsWhatIsRendered() {
        func hash(_ cells: [ExportTable.Value]) -> UInt64 { ZohoRow(keyHash: 0, cells: cells).contentHash }
        #expect(hash([.text("ab"), .text("c")]) != hash([.text("a"), .text("bc")]))
        #expect(hash([.integer(1)]) != hash([.time(1)]) && hash([.integer(1)]) != hash([.text("1")]))
        #expect(hash([.null]) != hash([.text("")]))
        // Decimals are sent with four places: what rounds alike is alike.
        #expect(hash([.decimal(0.12344)]) == hash([.decimal(0.1234)]))
        #expect(hash([.decimal(-0.00001)]) == hash([.decimal(0)]))
        #expect(hash([.decimal(0.5)]) != hash([.decimal(-0.5)]))
        #expect(hash([.decimal(.nan)]) == hash([.null]))
        // Pinned: a store's `sink_rows` hold these hashes. Changing the function means a new
        // `contentHashVersion`, and an upgrade path for the hashes of the one before.
        #expect(ZohoRow.contentHashVersion == 2)
        #expect(Self.tricky.map(\.contentHash) == [0x7fa5_53e0_e366_d274, 0xc5ef_9ce6_db23_189a])
    }

    @Test func heldRowsAreReadInKeyRangesAndWhatNoRowClaimedIsGone() async throws {
        let store = try ZoomDashStore(path: PluginHarness.temporaryPath("zoomdash.sqlite"))
        // The extremes of the store's (signed) order, and some between.
        let keys: [UInt64] = [0, 1, 1 << 63, UInt64(Int64.max), .max, 0xdead_beef, 1 << 40]
        try await store.recordSinkRows(sink: "zoho", table: "t", stored: keys.map { .init(keyHash: $0, rowHash: ~$0) }, deleted: [])
        try await store.recordSinkRows(sink: "other", table: "t", stored: [.init(keyHash: 5, rowHash: 5)], deleted: [])
        #expect(try await store.sinkRowCount(sink: "zoho", table: "t") == keys.count)
        var held = try await ZohoHeldRows(sink: "zoho", table: "t", store: store, pageSize: 2)
        #expect(held.count == keys.count)
        for key in keys where key != 1 && key != .max { #expect(held.claim(key) == ~key) }
        #expect(held.claim(5) == nil, "another sink's row")
        #expect(Set(held.unclaimed) == [1, .max])
        let empty = try await ZohoHeldRows(sink: "zoho", table: "none", store: store)
        #expect(empty.isEmpty && empty.unclaimed.isEmpty)
    }

    /// A store written by a build whose row hashes were of the rendered CSV: the first run compares
    /// under both, sends only the row that changed, and records the new hashes and version.
    @Test func hashesOfTheOlderVersionAreUpgradedWithoutSendingWhatDidNotChange() async throws {
        let store = try await ZohoExporterTests.filledStore()
        let zoho = FakeZoho()
        try await zoho.withRunningServer { baseURL in
            let exporter = try ZohoExporterTests.exporter(baseURL, store: store)
            let context = ExportContext(store: store, now: 0, logger: PluginHarness.logger)
            _ = try await exporter.export(context)
            var changed: UInt64?
            for table in ZohoTable.allCases {
                var legacy: [ZoomDashStore.SinkRowState] = []
                try await ZohoRowPages(table: table, store: store, from: nil, to: nil).forEach { page in
                    legacy += page.map { .init(keyHash: $0.keyHash, rowHash: $0.legacyContentHash) }
                }
                if table == .incidents, let first = legacy.first {
                    legacy[0].rowHash ^= 1  // changed since that build sent it
                    changed = first.keyHash
                }
                try await store.recordSinkRows(sink: "zoho", table: table.rawValue, stored: legacy, deleted: [])
                try await store.setCheckpoint("zoho.zoho.\(table.rawValue).hash_version", "", now: 0)
            }
            let imports = zoho.stats.imports
            let upgrade = try await exporter.export(context)
            #expect(upgrade.problems.isEmpty, "\(upgrade.problems)")
            #expect(upgrade.totalRows == 1 && upgrade.rows["incidents"] == 1)
            #expect(zoho.stats.imports == imports + 1)
            for table in ZohoTable.allCases {
                #expect(try await store.checkpoint("zoho.zoho.\(table.rawValue).hash_version") == "2")
                var current: [UInt64: UInt64] = [:]
                try await ZohoRowPages(table: table, store: store, from: nil, to: nil).forEach { page in
                    for row in page { current[row.keyHash] = row.contentHash }
                }
                var held = try await ZohoHeldRows(sink: "zoho", table: table.rawValue, store: store)
                for (key, hash) in current { #expect(held.claim(key) == hash, "\(table) holds the new hash") }
                #expect(held.unclaimed.isEmpty)
            }
            #expect(changed.map { ZohoExporterTests.held(zoho, .incidents)[ZohoRow.keyText($0)] != nil } == true)
            let after = try await exporter.export(context)
            #expect(after.totalRows == 0 && after.problems.isEmpty)
        }
    }
}
