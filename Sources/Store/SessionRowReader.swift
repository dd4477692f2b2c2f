import CZDSQLite
import Foundation
import ZoomDashCore

/// Turns the rows of a statement selecting ``RawSessionBatch/columns`` (ordered by meeting) into
/// each meeting's ``ParticipantSession``s, straight from SQLite's buffers: a value whose bytes repeat
/// the previous row's (the meeting, the person, the name, the source) is the previous String again,
/// a data centre and network seen before are the details made for them then, and nothing is copied
/// on the way.
struct SessionRowReader {
    private var meeting = RepeatedText(), key = RepeatedText(), name = RepeatedText(), source = RepeatedText()
    private var sourceValue = DataSource.dashboard
    /// The details made so far, by the bytes of their data centre and network, the last one used
    /// first: a store holds a few dozen pairs, and a third of its rows change pair from the row before.
    /// Compared as bytes, so a pair seen before costs no String (comparing Strings was 2 % of a re-analysis).
    private var detailsSeen: [(dataCenter: [UInt8], network: [UInt8], details: ParticipantSession.SharedDetails)] = []
    private var sessions: [ParticipantSession] = []

    /// Steps `statement` to its end, handing over each meeting's sessions in the order read.
    mutating func forEachMeeting(_ statement: SQLiteStatement, _ body: (String, [ParticipantSession]) throws -> Void) throws {
        defer { sessions.removeAll(keepingCapacity: true) }
        var current: String?
        while try statement.step() {
            let (uuid, isNew) = meeting.read(statement, 0)
            if isNew || current == nil {
                if let current { try body(current, sessions) }
                sessions.removeAll(keepingCapacity: true)
                current = uuid
            }
            sessions.append(session(statement, meetingUUID: uuid))
        }
        if let current { try body(current, sessions) }
    }

    private mutating func session(_ statement: SQLiteStatement, meetingUUID: String) -> ParticipantSession {
        let (sourceText, sourceIsNew) = source.read(statement, 6)
        if sourceIsNew { sourceValue = DataSource(rawValue: sourceText) ?? .dashboard }
        let details = sharedDetails(dataCenter: Self.bytes(statement, 7), network: Self.bytes(statement, 8))
        return ParticipantSession(
            meetingUUID: meetingUUID, participantKey: key.read(statement, 1).text, joinTime: statement.int64(2),
            leaveTime: statement.optionalInt64(3), name: name.read(statement, 4).text, leaveReason: statement.optionalText(5),
            sharedDetails: details, source: sourceValue)
    }

    private static func bytes(_ statement: SQLiteStatement, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        // SQLite's order: the text first, then its length. NULL (never stored: NOT NULL) reads as empty.
        guard let pointer = sqlite3_column_text(statement.handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement.handle, column)))
    }

    private mutating func sharedDetails(dataCenter: UnsafeBufferPointer<UInt8>, network: UnsafeBufferPointer<UInt8>) -> ParticipantSession.SharedDetails {
        func same(_ stored: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            stored.count == bytes.count && (bytes.isEmpty || stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
        }
        for index in detailsSeen.indices where same(detailsSeen[index].dataCenter, dataCenter) && same(detailsSeen[index].network, network) {
            if index > 0 { detailsSeen.swapAt(0, index) }
            return detailsSeen[0].details
        }
        var made = ParticipantSession.Details()
        made.dataCenter = String(decoding: dataCenter, as: UTF8.self)
        made.networkType = String(decoding: network, as: UTF8.self)
        let shared = ParticipantSession.SharedDetails(made)
        // Bounded: were a store's pairs countless, the search would cost more than the references save.
        if detailsSeen.count == 64 { detailsSeen.removeLast() }
        detailsSeen.insert((Array(dataCenter), Array(network), shared), at: 0)
        return shared
    }
}
