import Foundation
import ZoomDashCore

/// Applies the analysis to stored sessions and stores the results.
public struct AnalysisRunner: Sendable {
    public var thresholds: AnalysisThresholds
    /// When the analysis happens, for the outbox's events.
    public var now: @Sendable () -> UnixSeconds

    public init(thresholds: AnalysisThresholds, now: @escaping @Sendable () -> UnixSeconds = { UnixSeconds(Date().timeIntervalSince1970) }) {
        self.thresholds = thresholds
        self.now = now
    }

    public struct Summary: Sendable, Hashable, Codable {
        public init() {}
        public var meetings = 0
        public var sessions = 0
        public var disconnections = 0
        public var meetingIncidents = 0
        /// After a refresh of the account-level incidents; 0 when none was needed.
        public var accountIncidents = 0
        /// Whether any meeting-level incident appeared, changed or went away, so the account-level
        /// incidents need a refresh (done here unless the caller asked to do it itself).
        public var meetingIncidentsChanged = false
    }

    /// Meetings per store call. The store runs one call at a time, so a webhook commit can wait
    /// behind one analysis call: a few class-sized meetings keep that to a few milliseconds, while
    /// a pass over a thousand meetings still needs only a few hundred calls.
    public static let meetingsPerStoreCall = 2

    /// Re-derives the given meetings, then the account-level incidents if any meeting-level incident
    /// changed (account incidents derive from nothing else). Each chunk of meetings is stored as it is
    /// done: if a later one throws, the earlier ones stay stored, and a caller passing
    /// `refreshAccount: false` must refresh the account-level incidents once a retry succeeds.
    @discardableResult
    public func analyse(meetingUUIDs: [String], in store: ZoomDashStore, refreshAccount: Bool = true) async throws
        -> Summary
    {
        var analyzer = Analyzer(thresholds: thresholds)
        var summary = Summary()
        var start = 0
        while start < meetingUUIDs.count {
            let chunk = Array(meetingUUIDs[start..<min(start + Self.meetingsPerStoreCall, meetingUUIDs.count)])
            start += chunk.count
            var disconnections: [Disconnection] = []
            var incidents: [Incident] = []
            for input in try await store.analysisInputs(meetingUUIDs: chunk) {
                let result = analyzer.analyse(meetingUUID: input.meetingUUID, sessions: input.sessions, meetingEnd: input.end)
                summary.meetings += 1
                summary.sessions += input.sessions.count
                disconnections += result.disconnections
                incidents += result.incidents
            }
            if try await store.replaceAnalysis(meetingUUIDs: chunk, disconnections: disconnections, incidents: incidents, now: now()) {
                summary.meetingIncidentsChanged = true
            }
            summary.disconnections += disconnections.count
            summary.meetingIncidents += incidents.count
        }
        if refreshAccount && summary.meetingIncidentsChanged { summary.accountIncidents = try await refreshAccountIncidents(in: store) }
        return summary
    }

    /// Recomputes everything from the raw sessions and webhook events (`zoomdashctl reanalyze`);
    /// `presenceMeetingIDs` are the watched rooms, whose webhook sessions are rebuilt even when unmonitored.
    @discardableResult
    public func reanalyseAll(in store: ZoomDashStore, presenceMeetingIDs: [Int64] = []) async throws -> Summary {
        try await store.reanalyseAll(thresholds: thresholds, presenceMeetingIDs: presenceMeetingIDs, now: now())
    }

    /// Recomputes the account-level incidents from the stored meeting-level ones.
    @discardableResult
    public func refreshAccountIncidents(in store: ZoomDashStore) async throws -> Int {
        let account = IncidentDetector(thresholds: thresholds).accountIncidents(from: try await store.meetingIncidents())
        try await store.replaceAccountIncidents(account, now: now())
        return account.count
    }
}
