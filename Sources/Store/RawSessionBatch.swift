import CZDSQLite
import Foundation
import ZoomDashCore

/// Sessions of whole meetings as SQLite returned them: the bytes of their text columns copied into
/// one buffer, for decoding later, on another thread. A re-analysis reads every session of the
/// store; copying bytes is all the store's thread does with a row, and the analysis thread turns
/// them into ``ParticipantSession``s, where a value that repeats the previous row's (the meeting,
/// the person, their name, the source, the data centre) is the previous String again.
///
/// Only what the analysis uses is read: the descriptive details are left empty but for data
/// centre and network type (incident evidence).
struct RawSessionBatch: Sendable {
    /// The columns a statement must select, in this order.
    static let columns = "meeting_uuid, participant_key, join_time, leave_time, name, leave_reason, source, data_center, network_type"
    private static let textColumns: [Int32] = [0, 1, 4, 5, 6, 7, 8]
    private static let meetingText = 0, keyText = 1, nameText = 2, reasonText = 3, sourceText = 4, dataCenterText = 5, networkText = 6

    private var bytes: [UInt8] = []
    /// Per row and text column: offset and length into `bytes`, length -1 for NULL.
    private var spans: [Int32] = []
    /// Per row: join and leave time, `Int64.min` for a NULL leave.
    private var times: [Int64] = []
    private(set) var rowCount = 0
    /// Where each meeting's rows start, and its UUID.
    private(set) var meetings: [(firstRow: Int, uuid: String)] = []

    /// - Parameter reservingBytes: room for the text of the rows to come (a re-analysis batch's
    ///   megabyte; one meeting of the live analysis needs none reserved).
    init(reservingBytes: Int = 0) {
        bytes.reserveCapacity(reservingBytes)
    }

    var byteCount: Int { bytes.count }

    /// Whether the row `statement` stands on belongs to another meeting than the last row appended.
    func startsNewMeeting(_ statement: SQLiteStatement) -> Bool {
        guard rowCount > 0, let pointer = sqlite3_column_text(statement.handle, 0) else { return true }
        let count = Int(sqlite3_column_bytes(statement.handle, 0))
        let last = span(rowCount - 1, Self.meetingText)
        guard last.count == count else { return true }
        return count > 0 && bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + last.offset, pointer, count) != 0 }
    }

    /// Copies the row `statement` stands on (selecting ``columns``).
    /// - Returns: whether the row starts a meeting (``meetings`` then ends with it).
    @discardableResult
    mutating func append(_ statement: SQLiteStatement) -> Bool {
        let isNewMeeting = startsNewMeeting(statement)
        for column in Self.textColumns {
            if column == 0, !isNewMeeting {  // the meeting's bytes are the last row's
                let index = (rowCount - 1) * Self.textColumns.count * 2
                spans.append(spans[index])
                spans.append(spans[index + 1])
                continue
            }
            guard let pointer = sqlite3_column_text(statement.handle, column) else {
                spans.append(Int32(bytes.count))
                spans.append(-1)
                continue
            }
            let count = Int(sqlite3_column_bytes(statement.handle, column))
            spans.append(Int32(bytes.count))
            spans.append(Int32(count))
            bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
        }
        times.append(statement.int64(2))
        times.append(statement.isNull(3) ? .min : statement.int64(3))
        if isNewMeeting { meetings.append((rowCount, text(rowCount, Self.meetingText) ?? "")) }
        rowCount += 1
        return isNewMeeting
    }

    /// Each meeting's sessions, decoded.
    func forEachMeeting(_ body: (String, [ParticipantSession]) throws -> Void) rethrows {
        var decoder = Decoder()
        var sessions: [ParticipantSession] = []
        for (index, meeting) in meetings.enumerated() {
            let end = index + 1 < meetings.count ? meetings[index + 1].firstRow : rowCount
            sessions.removeAll(keepingCapacity: true)
            for row in meeting.firstRow..<end { sessions.append(decoder.session(row, in: self, meetingUUID: meeting.uuid)) }
            try body(meeting.uuid, sessions)
        }
    }

    private func span(_ row: Int, _ column: Int) -> (offset: Int, count: Int) {
        let index = (row * Self.textColumns.count + column) * 2
        return (Int(spans[index]), Int(spans[index + 1]))
    }

    fileprivate func same(_ row: Int, _ other: Int, _ column: Int) -> Bool {
        let (a, b) = (span(row, column), span(other, column))
        guard a.count == b.count else { return false }
        guard a.count > 0 else { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + a.offset, $0.baseAddress! + b.offset, a.count) == 0 }
    }

    fileprivate func text(_ row: Int, _ column: Int) -> String? {
        let (offset, count) = span(row, column)
        guard count >= 0 else { return nil }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[offset..<offset + count]), as: UTF8.self) }
    }

    /// Turns rows into sessions, reusing the previous row's Strings where its bytes are the same.
    private struct Decoder {
        private var previousRow: Int?
        private var key = "", name = "", source = DataSource.dashboard, dataCenter = "", networkType = ""
        private var details = ParticipantSession.SharedDetails(.init())

        mutating func session(_ row: Int, in batch: RawSessionBatch, meetingUUID: String) -> ParticipantSession {
            func reuse(_ value: inout String, _ column: Int) {
                if let previousRow, batch.same(row, previousRow, column) { return }
                value = batch.text(row, column) ?? ""
            }
            reuse(&key, RawSessionBatch.keyText)
            reuse(&name, RawSessionBatch.nameText)
            let sameDetails = previousRow.map {
                batch.same(row, $0, RawSessionBatch.dataCenterText) && batch.same(row, $0, RawSessionBatch.networkText)
            } ?? false
            if !sameDetails {
                reuse(&dataCenter, RawSessionBatch.dataCenterText)
                reuse(&networkType, RawSessionBatch.networkText)
                var changed = ParticipantSession.Details()
                changed.dataCenter = dataCenter
                changed.networkType = networkType
                details = .init(changed)
            }
            if previousRow.map({ !batch.same(row, $0, RawSessionBatch.sourceText) }) ?? true {
                source = DataSource(rawValue: batch.text(row, RawSessionBatch.sourceText) ?? "") ?? .dashboard
            }
            previousRow = row
            let leave = batch.times[row * 2 + 1]
            return ParticipantSession(
                meetingUUID: meetingUUID, participantKey: key, joinTime: batch.times[row * 2], leaveTime: leave == .min ? nil : leave,
                name: name, leaveReason: batch.text(row, RawSessionBatch.reasonText), sharedDetails: details, source: source)
        }
    }
}
