import CZDSQLite
import ZoomDashCore

/// What a meeting's derived rows (its disconnections, or its quarter hours of use) hash to, so a
/// re-analysis that derives them again unchanged leaves them alone instead of deleting and
/// re-inserting them through every index and trigger. Rows are hashed one by one and summed, so
/// the order they come in does not matter; the count guards the sum. The hash is the process's
/// seeded one: both sides are hashed by the same run, never stored.
struct RowsFingerprint: Hashable {
    private(set) var sum: UInt64 = 0
    private(set) var count = 0

    /// nil for no rows: nothing stored, nothing to delete.
    var nonEmpty: RowsFingerprint? { count == 0 ? nil : self }

    mutating func add(_ row: RowHasher) {
        sum &+= UInt64(bitPattern: Int64(row.hasher.finalize()))
        count += 1
    }
}

/// One row's columns, fed the same way whether they come from a statement or from Swift values.
struct RowHasher {
    fileprivate var hasher = Hasher()

    mutating func int(_ value: Int64?) {
        guard let value else { return hasher.combine(UInt8(0)) }
        hasher.combine(UInt8(1))
        hasher.combine(value)
    }

    mutating func text(_ value: String?) {
        guard var value else { return hasher.combine(UInt8(0)) }
        value.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    /// A column of the row `statement` stands on, as stored (NULL, an integer or text).
    mutating func column(_ statement: SQLiteStatement, _ column: Int32) {
        switch sqlite3_column_type(statement.handle, column) {
        case SQLITE_NULL: hasher.combine(UInt8(0))
        case SQLITE_INTEGER: int(statement.int64(column))
        default:
            let pointer = sqlite3_column_text(statement.handle, column)
            bytes(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : Int(sqlite3_column_bytes(statement.handle, column))))
        }
    }

    private mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
        hasher.combine(UInt8(2))
        hasher.combine(bytes.count)
        hasher.combine(bytes: bytes)
    }
}

extension RowsFingerprint {
    /// The columns of `disconnections` after `meeting_uuid`, in this order, hashed from a stored row.
    static let disconnectionColumns =
        "participant_key, time, participant_name, reason_class, leave_reason, rejoined_after_s, lost_s, source, quality_before"
    static let usageColumns = "bucket, participant_s, sessions, drops, meetings"

    init(disconnections: [Disconnection]) {
        self.init()
        for drop in disconnections {
            var row = RowHasher()
            row.text(drop.participantKey)
            row.int(drop.time)
            row.text(drop.participantName)
            row.text(drop.reason.rawValue)
            row.text(drop.leaveReason)
            row.int(drop.rejoinedAfterSeconds)
            row.int(drop.lostSeconds)
            row.text(drop.source.rawValue)
            row.text(drop.qualityBefore.rawValue)
            add(row)
        }
    }

    init(usage: [UsageBucket]) {
        self.init()
        for bucket in usage {
            var row = RowHasher()
            row.int(bucket.bucket)
            row.int(bucket.participantSeconds)
            row.int(bucket.sessions)
            row.int(bucket.drops)
            row.int(bucket.meetings)
            add(row)
        }
    }
}
