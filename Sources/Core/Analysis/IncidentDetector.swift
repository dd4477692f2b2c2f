/// Finds collective disconnections: meeting-level (many participants of one instance) and
/// account-level (many meetings at once, the "Zoom bad moment").
///
/// Both use the same greedy clustering: take the earliest unclustered item, put every item within
/// `collectiveWindowSeconds` of it into its cluster, repeat with the next unclustered item.
public struct IncidentDetector: Sendable {
    public var thresholds: AnalysisThresholds

    public init(thresholds: AnalysisThresholds) {
        self.thresholds = thresholds
    }

    /// - Parameters:
    ///   - disconnections: the disconnections of one meeting instance, ordered by time.
    ///   - sessions: all sessions of that instance, to count who was present at the first drop.
    public func meetingIncidents(
        meetingUUID: String, disconnections: [Disconnection], sessions: [ParticipantSession]
    ) -> [Incident] {
        var incidents: [Incident] = []
        for cluster in clusters(of: disconnections, time: \.time) {
            let first = cluster.first!.time
            let dropped = Set(cluster.map(\.participantKey)).count
            guard dropped >= thresholds.collectiveMinParticipants else { continue }
            let present = Self.presentCount(at: first, in: sessions)
            guard dropped >= thresholds.requiredDrops(present: present) else { continue }
            incidents.append(
                Incident(
                    scope: .meeting, meetingUUID: meetingUUID, start: first, end: cluster.last!.time,
                    dropped: dropped, present: present, meetings: 1
                )
            )
        }
        return incidents
    }

    /// - Parameter meetingIncidents: meeting-level incidents of the whole account, in any order.
    public func accountIncidents(from meetingIncidents: [Incident]) -> [Incident] {
        let ordered = meetingIncidents.filter { $0.scope == .meeting }.sorted { $0.start < $1.start }
        var incidents: [Incident] = []
        for cluster in clusters(of: ordered, time: \.start) {
            let meetings = Set(cluster.compactMap(\.meetingUUID)).count
            guard meetings >= thresholds.accountMinMeetings else { continue }
            incidents.append(
                Incident(
                    scope: .account, meetingUUID: nil, start: cluster.first!.start,
                    end: cluster.map(\.end).max()!, dropped: cluster.reduce(0) { $0 + $1.dropped },
                    present: cluster.reduce(0) { $0 + $1.present }, meetings: meetings
                )
            )
        }
        return incidents
    }

    /// Distinct identities connected at `instant` (a session that ends at `instant` still counts).
    static func presentCount(at instant: UnixSeconds, in sessions: [ParticipantSession]) -> Int {
        var present = Set<String>()
        // By index: a `for session in` copies every session, a dozen retains each.
        for index in sessions.indices where sessions[index].joinTime <= instant && (sessions[index].leaveTime ?? .max) >= instant {
            present.insert(sessions[index].participantKey)
        }
        return present.count
    }

    /// `items` must be ordered by `time`.
    private func clusters<Item>(of items: [Item], time: (Item) -> UnixSeconds) -> [ArraySlice<Item>] {
        var result: [ArraySlice<Item>] = []
        var start = 0
        while start < items.count {
            let limit = time(items[start]) + thresholds.collectiveWindowSeconds
            var end = start + 1
            while end < items.count, time(items[end]) <= limit { end += 1 }
            result.append(items[start..<end])
            start = end
        }
        return result
    }
}
