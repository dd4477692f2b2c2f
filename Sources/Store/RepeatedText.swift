import CZDSQLite
import Foundation

/// The text of one column, decoded only when its bytes differ from the previous row's.
struct RepeatedText {
    private var text = ""
    private var hasValue = false
    /// The bytes read, kept only when decoding repaired them (not valid UTF-8): `text` then differs.
    private var unrepaired: [UInt8]?

    mutating func read(_ statement: SQLiteStatement, _ column: Int32) -> (text: String, isNew: Bool) {
        // SQLite's order: the text first, then its length.
        guard let pointer = sqlite3_column_text(statement.handle, column) else {
            let isNew = !hasValue || !text.isEmpty || unrepaired != nil
            (text, hasValue, unrepaired) = ("", true, nil)
            return ("", isNew)
        }
        let current = UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement.handle, column)))
        if hasValue, Self.same(unrepaired, as: text, current) { return (text, false) }
        // Compared with the String's own bytes, not a copy: copying every new value showed. ASCII
        // needs no repair, which saves reading a new value twice (String(validating:) is generic, slower).
        text = String(decoding: current, as: UTF8.self)
        unrepaired = Self.isASCII(current) || Self.same(nil, as: text, current) ? nil : Array(current)
        hasValue = true
        return (text, true)
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var offset = 0
        while offset + 8 <= raw.count {
            if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            offset += 8
        }
        while offset < raw.count {
            if raw[offset] >= 0x80 { return false }
            offset += 1
        }
        return true
    }

    private static func same(_ unrepaired: [UInt8]?, as text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func equal(_ stored: UnsafeBufferPointer<UInt8>) -> Bool {
            stored.count == bytes.count && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
        if let unrepaired { return unrepaired.withUnsafeBufferPointer(equal) }
        return text.utf8.withContiguousStorageIfAvailable(equal) ?? text.utf8.elementsEqual(bytes)
    }
}
