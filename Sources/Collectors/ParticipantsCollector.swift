import Logging
import Synchronization
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashZoomAPI

/// Collects past meetings and their participants from the Zoom Dashboard API (with `leave_reason`) or
/// the Report API (any paid plan), stores the raw sessions and analyses each meeting as it lands.
///
/// Resumable by construction: meetings are listed into the store first (with a checkpoint per settled
/// window), then each monitored meeting's participants are fetched and committed in one transaction
/// together with the mark that they were fetched. A killed run loses at most the meetings in flight.
public struct ParticipantsCollector: Collector, PluginType {
    /// `[collectors.NAME] type = "zoom.participants"`: no keys of its own; which API it uses is
    /// `[zoom] source`, which meetings `[meetings]`.
    public static let type = "zoom.participants"
    public let name: String
    public let client: ZoomAPIClient
    public let store: ZoomDashStore
    public let filter: MeetingFilter
    public let thresholds: AnalysisThresholds
    public let preferredSource: ParticipantSource
    public let concurrency: Int

    public static func settings(from section: ConfigSection) throws(ConfigError) {
        try section.rejectUnknownKeys([])
    }

    public init(name: String, settings: Void, dependencies: CollectorDependencies) {
        self.init(
            name: name, client: dependencies.client, store: dependencies.store, filter: dependencies.meetings,
            thresholds: dependencies.thresholds, preferredSource: dependencies.zoom.source, concurrency: dependencies.zoom.concurrency)
    }

    public init(
        name: String = "participants", client: ZoomAPIClient, store: ZoomDashStore, filter: MeetingFilter, thresholds: AnalysisThresholds,
        preferredSource: ParticipantSource, concurrency: Int
    ) {
        self.name = name
        self.client = client
        self.store = store
        self.filter = filter
        self.thresholds = thresholds
        self.preferredSource = preferredSource
        self.concurrency = max(1, concurrency)
    }

    public func collect(_ context: CollectionContext) async throws -> CollectionReport {
        let callsBefore = client.stats.total
        let windows = CollectionWindow.split(from: context.from, to: context.to)
        let resolver = SourceResolver(store: store, preferred: preferredSource)
        var source = try await resolver.current(now: context.now)
        var report = CollectionReport(source: source)
        let lister = MeetingLister(client: client, store: store, filter: filter)
        context.progress?(CollectionProgress(phase: .listing, meetingsDone: 0, meetingsTotal: 0, apiCalls: 0))
        do {
            if let only = context.meetings {
                report.meetingsListed = try await lister.closeOpenMeetings(only, source: source, now: context.now, logger: context.logger)
            } else {
                report.meetingsListed = try await lister.list(windows, source: source, now: context.now, logger: context.logger)
            }
        } catch ZoomAPIError.dashboardUnavailable(let message) where preferredSource == .auto {
            context.logger.notice(
                "Zoom Dashboard API unavailable; falling back to the Report API", metadata: ["zoom.message": "\(message)"])
            source = try await resolver.fallBackToReport(now: context.now)
            report.source = source
            report.meetingsListed = try await lister.list(windows, source: source, now: context.now, logger: context.logger)
        }
        try await fetchParticipants(source: source, context: context, report: &report, callsBefore: callsBefore)
        // A run killed between storing a meeting and analysing it (two transactions) left the meeting
        // fetched, so no run fetches it again, and due: analysed here, where no live analysis may run.
        let leftOver = try await store.fetchedMeetingsStillDue()
        if !leftOver.isEmpty {
            try await AnalysisRunner(thresholds: thresholds).analyse(meetingUUIDs: leftOver, in: store, refreshAccount: false)
        }
        context.progress?(
            CollectionProgress(
                phase: .analysing, meetingsDone: report.meetingsFetched, meetingsTotal: report.meetingsFetched,
                apiCalls: client.stats.total - callsBefore))
        try await AnalysisRunner(thresholds: thresholds).refreshAccountIncidents(in: store)
        report.apiCalls = client.stats.total - callsBefore
        return report
    }

    private func fetchParticipants(
        source: DataSource, context: CollectionContext, report: inout CollectionReport, callsBefore: Int
    ) async throws {
        var pending = try await store.meetingsAwaitingParticipants(from: context.from, to: context.to)
        if let only = context.meetings.map(Set.init) { pending = pending.filter { only.contains($0.uuid) } }
        let progress = try await store.meetingProgress(from: context.from, to: context.to)
        let done = Mutex(progress.done)
        let fetcher = ParticipantFetcher(client: client, store: store, thresholds: thresholds, source: source)
        let stats = client.stats
        context.progress?(
            CollectionProgress(phase: .fetching, meetingsDone: progress.done, meetingsTotal: progress.total, apiCalls: 0))

        try await withThrowingTaskGroup(of: ParticipantFetcher.Outcome.self) { group in
            var iterator = pending.makeIterator()
            func startNext() -> Bool {
                guard let meeting = iterator.next() else { return false }
                group.addTask { await fetcher.fetch(meeting, now: context.now, logger: context.logger) }
                return true
            }
            for _ in 0..<concurrency where !startNext() { break }
            while let outcome = try await group.next() {
                switch outcome {
                case .stored(let rows):
                    report.meetingsFetched += 1
                    report.rowsAdded += rows
                case .failed(let line):
                    report.failures.append(line)
                case .stop(let error):
                    group.cancelAll()
                    // The contract: throw only when the run achieved nothing; otherwise what was
                    // stored counts, and the rest waits for the next run (its checkpoints say where).
                    if error is CancellationError || report.meetingsFetched == 0 { throw error }
                    report.failures.append("stopped early: \(error)")
                    while (try? await group.next()) != nil {}
                    return
                }
                let finished = done.withLock { value -> Int in
                    value += 1
                    return value
                }
                context.progress?(
                    CollectionProgress(
                        phase: .fetching, meetingsDone: finished, meetingsTotal: progress.total,
                        apiCalls: stats.total - callsBefore))
                _ = startNext()
            }
        }
    }
}
