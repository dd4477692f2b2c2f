import CZDSQLite
import ZoomDashCore

/// What a meeting's derived rows (its disconnections, or its quarter hours of use) hash to, so a
/// re-analysis that derives them again unchanged leaves them alone instead of deleting and
/// re-inserting them through every index and trigger. Rows are hashed one by one and summed, so
/// the order they come in does not matter; the count guards the sum. The hash is seeded per
/// process: both sides are hashed by the same run, never stored.
struct RowsFingerprint: Hashable {
    private(set) var sum: UInt64 = 0
    private(set) var count = 0

    /// nil for no rows: nothing stored, nothing to delete.
    var nonEmpty: RowsFingerprint? { count == 0 ? nil : self }

    mutating func add(_ row: RowHasher) {
        sum &+= row.finalize()
        count += 1
    }
}

/// One row's columns, fed the same way whether they come from a statement or from Swift values.
///
/// A multiply-and-rotate hash of 8-byte words with a final avalanche, not `Hasher`: SipHash's
/// set-up and finalisation per row were a fifth of reading the stored fingerprints, and these
/// sums only ever meet sums of the same process, so they need spread, not resistance to an
/// attacker choosing rows.
struct RowHasher {
    private static let seed = UInt64.random(in: .min ... .max)
    private var state = RowHasher.seed

    mutating func int(_ value: Int64?) {
        guard let value else { return mix(0) }
        mix(1)
        mix(UInt64(bitPattern: value))
    }

    mutating func text(_ value: String?) {
        guard var value else { return mix(0) }
        value.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    /// A column of the row `statement` stands on, as stored (NULL, an integer or text).
    mutating func column(_ statement: SQLiteStatement, _ column: Int32) {
        switch sqlite3_column_type(statement.handle, column) {
        case SQLITE_NULL: mix(0)
        case SQLITE_INTEGER: int(statement.int64(column))
        default:
            let pointer = sqlite3_column_text(statement.handle, column)
            bytes(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : Int(sqlite3_column_bytes(statement.handle, column))))
        }
    }

    fileprivate func finalize() -> UInt64 {
        // MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.
        var x = state
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x &*= 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }

    private mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
        mix(2)
        mix(UInt64(bytes.count))
        var offset = 0
        while offset + 8 <= bytes.count {
            mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for index in offset..<bytes.count { tail = tail << 8 | UInt64(bytes[index]) }
            mix(tail)
        }
    }

    private mutating func mix(_ word: UInt64) {
        state = ((state ^ word) &* 0x9e37_79b9_7f4a_7c15).rotatedLeft(by: 31) &+ 0x94d0_49bb_1331_11eb
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
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
