import ZoomDashCore

/// Turns the rows of a statement selecting ``RawSessionBatch/columns`` (ordered by meeting) into
/// each meeting's ``ParticipantSession``s, straight from SQLite's buffers: a value whose bytes repeat
/// the previous row's (the meeting, the person, the name, the source, the data centre, the network)
/// is the previous String again (their data centre and network the previous details), and nothing
/// is copied on the way.
struct SessionRowReader {
    private var meeting = RepeatedText(), key = RepeatedText(), name = RepeatedText()
    private var source = RepeatedText(), dataCenter = RepeatedText(), network = RepeatedText()
    private var sourceValue = DataSource.dashboard
    private var details = ParticipantSession.SharedDetails(.init())
    /// The details made so far, by data centre and network: a store holds a few dozen pairs, and a
    /// third of its rows change pair from the row before.
    private var detailsSeen: [(dataCenter: String, network: String, details: ParticipantSession.SharedDetails)] = []
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
        let (dataCenterText, dataCenterIsNew) = dataCenter.read(statement, 7)
        let (networkText, networkIsNew) = network.read(statement, 8)
        if dataCenterIsNew || networkIsNew { details = sharedDetails(dataCenter: dataCenterText, network: networkText) }
        return ParticipantSession(
            meetingUUID: meetingUUID, participantKey: key.read(statement, 1).text, joinTime: statement.int64(2),
            leaveTime: statement.optionalInt64(3), name: name.read(statement, 4).text, leaveReason: statement.optionalText(5),
            sharedDetails: details, source: sourceValue)
    }

    private mutating func sharedDetails(dataCenter: String, network: String) -> ParticipantSession.SharedDetails {
        if let seen = detailsSeen.first(where: { $0.dataCenter == dataCenter && $0.network == network }) { return seen.details }
        var made = ParticipantSession.Details()
        made.dataCenter = dataCenter
        made.networkType = network
        let shared = ParticipantSession.SharedDetails(made)
        // Bounded: were a store's pairs countless, the search would cost more than the references save.
        if detailsSeen.count < 64 { detailsSeen.append((dataCenter, network, shared)) }
        return shared
    }
}
