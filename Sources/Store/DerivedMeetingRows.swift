import ZoomDashCore

/// One meeting's derived rows as they will be stored: disconnections unique on their table's key
/// (a second drop of the same person at the same second replaces the first, as the table would),
/// its quarter hours of use, and the fingerprints of both to compare with what is stored.
struct DerivedMeetingRows: Sendable {
    let disconnections: [Disconnection]
    let usage: [UsageBucket]
    let disconnectionsFingerprint: RowsFingerprint
    let usageFingerprint: RowsFingerprint

    /// - Parameter derived: ordered by time, then person, as ``DisconnectionDetector`` gives them, so
    ///   drops with the same key are neighbours.
    init(disconnections derived: [Disconnection], usage: [UsageBucket]) {
        var unique: [Disconnection] = []
        unique.reserveCapacity(derived.count)
        for drop in derived {
            if let last = unique.last, last.time == drop.time, last.participantKey == drop.participantKey {
                unique[unique.count - 1] = drop
            } else {
                unique.append(drop)
            }
        }
        disconnections = unique
        self.usage = usage
        disconnectionsFingerprint = RowsFingerprint(disconnections: disconnections)
        usageFingerprint = RowsFingerprint(usage: usage)
    }
}
