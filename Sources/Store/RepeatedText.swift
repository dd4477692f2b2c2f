import CZDSQLite
import Foundation

/// The text of one column, decoded only when its bytes differ from the previous row's.
struct RepeatedText {
    private var bytes: [UInt8] = []
    private var text = ""
    private var hasValue = false

    mutating func read(_ statement: SQLiteStatement, _ column: Int32) -> (text: String, isNew: Bool) {
        // SQLite's order: the text first, then its length.
        guard let pointer = sqlite3_column_text(statement.handle, column) else {
            let isNew = !hasValue || !text.isEmpty
            (bytes, text, hasValue) = ([], "", true)
            return ("", isNew)
        }
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        let current = UnsafeBufferPointer(start: pointer, count: count)
        if hasValue, bytes.count == count, count == 0 || bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, pointer, count) == 0 }) {
            return (text, false)
        }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: current)
        text = String(decoding: current, as: UTF8.self)
        hasValue = true
        return (text, true)
    }
}
