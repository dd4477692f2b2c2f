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
        /// Meetings whose call-quality summary was re-derived from raw samples.
        public var qualityMeetings = 0
        /// Where a whole-store re-analysis spent its time, when asked to measure.
        public var phases: ReanalysisPhases?
    }

    /// Meetings per store call, at most (fewer after a slow call: ``StoreCallSizer``). The store runs
    /// one call at a time, so a webhook commit can wait behind one analysis call: eight class-sized
    /// meetings keep that to a few milliseconds (~0.5 ms a class met live), while each commit writes
    /// the pages they share (`usage_totals`, `row_counts`, the indexes' last pages) once: 2 a call cost
    /// 600-670 µs a class met, 8 cost 400-490, with the same p99 (`zoomdash-bench webhook`,
    /// docs/benchmarks.md 2026-12-02 afternoon).
    public static let meetingsPerStoreCall = 8

    /// Re-derives the given meetings (``ZoomDashStore/analyseMeetings(_:rooms:thresholds:now:)``, a
    /// transaction per chunk: the webhook sessions of the meetings the live view covers are rebuilt
    /// from their events first), then the account-level incidents if any meeting-level incident
    /// changed (account incidents derive from nothing else). If a later chunk throws, the earlier ones
    /// stay stored, and a caller passing `refreshAccount: false` must refresh the account-level
    /// incidents once a retry succeeds.
    /// - Parameter rooms: watched rooms among `meetingUUIDs`, rebuilt from webhooks even when unmonitored.
    @discardableResult
    public func analyse(meetingUUIDs: [String], rooms: Set<String> = [], in store: ZoomDashStore, refreshAccount: Bool = true)
        async throws -> Summary
    {
        var summary = Summary()
        var start = 0
        var sizer = StoreCallSizer()
        let clock = ContinuousClock()
        while start < meetingUUIDs.count {
            let chunk = Array(meetingUUIDs[start..<min(start + sizer.next, meetingUUIDs.count)])
            start += chunk.count
            let began = clock.now
            let done = try await store.analyseMeetings(chunk, rooms: rooms, thresholds: thresholds, now: now())
            sizer.called(meetings: chunk.count, took: began.duration(to: clock.now))
            summary.meetings += done.meetings
            summary.sessions += done.sessions
            summary.disconnections += done.disconnections
            summary.meetingIncidents += done.meetingIncidents
            if done.incidentsChanged { summary.meetingIncidentsChanged = true }
        }
        if refreshAccount && summary.meetingIncidentsChanged { summary.accountIncidents = try await refreshAccountIncidents(in: store) }
        return summary
    }

    /// Recomputes everything from the raw sessions and webhook events (`zoomdashctl reanalyze`);
    /// `presenceMeetingIDs` are the watched rooms, whose webhook sessions are rebuilt even when unmonitored;
    /// with `measuringPhases` the summary's ``Summary/phases`` tell where the time went.
    @discardableResult
    public func reanalyseAll(in store: ZoomDashStore, presenceMeetingIDs: [Int64] = [], measuringPhases: Bool = false) async throws
        -> Summary
    {
        try await store.reanalyseAll(thresholds: thresholds, presenceMeetingIDs: presenceMeetingIDs, now: now(), measuringPhases: measuringPhases)
    }

    /// Recomputes the account-level incidents from the stored meeting-level ones, in one transaction.
    @discardableResult
    public func refreshAccountIncidents(in store: ZoomDashStore) async throws -> Int {
        try await store.refreshAccountIncidents(thresholds: thresholds, now: now()).count
    }
}
