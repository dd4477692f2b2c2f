/// Applies the analysis to stored sessions and stores the results.
public struct AnalysisRunner: Sendable {
    public var thresholds: AnalysisThresholds

    public init(thresholds: AnalysisThresholds) {
        self.thresholds = thresholds
    }

    public struct Summary: Sendable, Hashable, Codable {
        public init() {}
        public var meetings = 0
        public var sessions = 0
        public var disconnections = 0
        public var meetingIncidents = 0
        public var accountIncidents = 0
    }

    /// Re-derives the given meetings, then the account-level incidents (cheap: few meeting incidents).
    @discardableResult
    public func analyse(meetingUUIDs: [String], in store: ZoomDashStore, refreshAccount: Bool = true) async throws
        -> Summary
    {
        var analyzer = Analyzer(thresholds: thresholds)
        var summary = Summary()
        var disconnections: [Disconnection] = []
        var incidents: [Incident] = []
        for uuid in meetingUUIDs {
            let sessions = try await store.sessions(meetingUUID: uuid)
            let end = try await store.meeting(uuid: uuid)?.endTime
            let result = analyzer.analyse(meetingUUID: uuid, sessions: sessions, meetingEnd: end)
            summary.meetings += 1
            summary.sessions += sessions.count
            disconnections += result.disconnections
            incidents += result.incidents
        }
        try await store.replaceAnalysis(meetingUUIDs: meetingUUIDs, disconnections: disconnections, incidents: incidents)
        summary.disconnections = disconnections.count
        summary.meetingIncidents = incidents.count
        if refreshAccount { summary.accountIncidents = try await refreshAccountIncidents(in: store) }
        return summary
    }

    /// Recomputes everything from the raw sessions (`zoomdashctl reanalyze`).
    @discardableResult
    public func reanalyseAll(in store: ZoomDashStore) async throws -> Summary {
        try await store.reanalyseAll(thresholds: thresholds)
    }

    /// Recomputes the account-level incidents from the stored meeting-level ones.
    @discardableResult
    public func refreshAccountIncidents(in store: ZoomDashStore) async throws -> Int {
        let account = IncidentDetector(thresholds: thresholds).accountIncidents(from: try await store.meetingIncidents())
        try await store.replaceAccountIncidents(account)
        return account.count
    }
}
