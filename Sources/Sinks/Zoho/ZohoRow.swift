import ZoomDashCore

/// One row to send: its identity, and its cells in the table's column order (after `row_key`).
struct ZohoRow: Sendable {
    var keyHash: UInt64
    var cells: [ExportTable.Value]
}

extension ZohoRow {
    /// The 16-hex-digit `row_key` Zoho sees.
    static func keyText(_ hash: UInt64) -> String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// FNV-1a, 64 bits: stable across runs and builds (Swift's own hashing is seeded per process).
    static func hash(_ text: String) -> UInt64 {
        var hash = FNV1a()
        hash.add(text.utf8)
        return hash.value
    }

    /// Which ``contentHash`` the store's `sink_rows` hold: 1 hashed each row's rendered CSV line
    /// (``legacyContentHash``), 2 hashes the typed cells. Change the function, change the version:
    /// ``ZohoHashVersion`` then compares a table's rows under both once, so an upgrade sends
    /// nothing that did not change.
    static let contentHashVersion = 2

    /// What identifies the row's content, from the typed cells (rendering CSV per row just to hash it
    /// took 7 s per million rows): a tag per cell, text ended by 0xFF (never in UTF-8), numbers as
    /// 8 bytes, decimals at the four places they are rendered with.
    var contentHash: UInt64 {
        var hash = FNV1a()
        for cell in cells {
            switch cell {
            case .text(let text):
                hash.add(1)
                hash.add(text.utf8)
                hash.add(0xFF)
            case .integer(let number):
                hash.add(2)
                hash.add(word: UInt64(bitPattern: number))
            case .time(let time):
                hash.add(3)
                hash.add(word: UInt64(bitPattern: time))
            case .decimal(let number) where number.isFinite:
                let magnitude = Int64((abs(number) * 10_000).rounded())
                hash.add(4)
                hash.add(word: UInt64(bitPattern: number < 0 ? -magnitude : magnitude))
            case .decimal, .null:
                hash.add(0)
            }
        }
        return hash.value
    }

    /// Version 1 of the content hash: the row's CSV line as a one-row table renders it.
    var legacyContentHash: UInt64 { Self.hash(ExportTable(name: "", columns: [], rows: [cells]).csv()) }
}

/// FNV-1a, 64 bits, fed bytes as they come.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x100_0000_01b3
    }

    mutating func add(_ bytes: String.UTF8View) {
        for byte in bytes { add(byte) }
    }

    /// Little-endian, whatever the machine.
    mutating func add(word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
}
