import Foundation

/// One derived table's stored fingerprints, meeting by meeting in key order (SQLite's BINARY order
/// of `meeting_uuid`), taken by a caller that visits the meetings in that same order: a merge of
/// two sorted lists, so a re-analysis hashes no meeting key to find its stored rows (a dictionary
/// of 40,000 keys, built on one thread and emptied on another, cost a tenth of a second).
struct KeyOrderedFingerprints: Sendable {
    private var meetings: [String] = []
    private var fingerprints: [RowsFingerprint] = []
    private var next = 0
    private var lastTaken: String?

    /// Adds the next meeting, which follows the previous one in key order.
    mutating func append(_ meetingUUID: String, _ fingerprint: RowsFingerprint) {
        meetings.append(meetingUUID)
        fingerprints.append(fingerprint)
    }

    var count: Int { meetings.count }

    /// The stored fingerprint of `meetingUUID` (nil: no rows stored), after handing `untaken` each
    /// stored meeting before it that was never taken (it has rows but no sessions any more).
    /// - Throws: when `meetingUUID` does not follow the previous one taken: the merge would pair
    ///   rows with the wrong meeting, so the caller's transaction must not commit.
    mutating func take(_ meetingUUID: String, untaken: (String) throws -> Void) throws -> RowsFingerprint? {
        if let lastTaken, !lastTaken.precedesInKeyOrder(meetingUUID) {
            throw StoreError.inconsistentInput("re-analysis results out of key order (\(meetingUUID) after \(lastTaken))")
        }
        lastTaken = meetingUUID
        while next < meetings.count, meetings[next].precedesInKeyOrder(meetingUUID) {
            try untaken(meetings[next])
            next += 1
        }
        guard next < meetings.count, meetings[next] == meetingUUID else { return nil }
        defer { next += 1 }
        return fingerprints[next]
    }

    /// The stored meetings after the last one taken: they have rows but no sessions any more.
    var untakenRest: ArraySlice<String> { meetings[next...] }
}

extension String {
    /// SQLite's BINARY order of text: byte by byte, a prefix before what it begins.
    func precedesInKeyOrder(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right -> Bool in
                let common = Swift.min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
        return (fast ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}
