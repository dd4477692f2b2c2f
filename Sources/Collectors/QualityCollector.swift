import Foundation
import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashZoomAPI

/// Collects Zoom's per-minute call quality (Dashboard QoS) of monitored meetings once they ended and
/// their participants are in the store, and, with `live = true`, of monitored meetings in progress.
///
/// It runs in the budget's background lane: the participants collector is served first, and QoS
/// takes at most `max_share_of_daily_cap` of the daily Heavy cap; what does not fit waits for the next
/// day (``ZoomDashStore/qualityBacklog(since:)`` says how far behind it is). Each meeting's QoS is
/// stored and analysed in one transaction, so a killed run resumes where it stopped. Without the
/// Dashboard (Zoom says so), it says so once and stops calling until the configuration changes.
public struct QualityCollector: Collector, PluginType {
    /// `[collectors.qos] type = "zoom.qos"`.
    public static let type = "zoom.qos"

    public struct Settings: Sendable, Hashable {
        /// Also fetch `type=live` QoS of monitored meetings in progress, at most every `liveEverySeconds`.
        public var live = false
        public var maxShareOfDailyCap = 0.5
        public init() {}
    }

    /// Zoom asks for no more than one live QoS request per meeting every 5 minutes.
    public static let liveEverySeconds: Int64 = 300
    /// The backlog counts meetings of the last 30 days: Zoom's QoS does not reach back much further.
    public static let backlogDays: Int64 = 30
    static let unavailableKey = "qos.dashboard_unavailable"

    public let name: String
    public let settings: Settings
    public let client: ZoomAPIClient
    public let store: ZoomDashStore
    public let thresholds: AnalysisThresholds
    public let zoom: ZoomSettings

    public static func settings(from section: ConfigSection) throws(ConfigError) -> Settings {
        try section.rejectUnknownKeys(["live", "max_share_of_daily_cap"])
        var settings = Settings()
        if let live = try section.bool("live") { settings.live = live }
        if let share = try section.number("max_share_of_daily_cap", in: 0...1) {
            guard share > 0 else { throw section.error("max_share_of_daily_cap", "must be above 0 (disable the collector with enabled = false instead)") }
            settings.maxShareOfDailyCap = share
        }
        return settings
    }

    public init(name: String, settings: Settings, dependencies: CollectorDependencies) {
        self.name = name
        self.settings = settings
        self.client = dependencies.client.inLane(.background(maxDailyShare: settings.maxShareOfDailyCap))
        self.store = dependencies.store
        self.thresholds = dependencies.thresholds
        self.zoom = dependencies.zoom
    }

    /// What must change for a "no Dashboard" verdict to be retried: the account, the plan, the source.
    var accountFingerprint: String { "\(zoom.accountID)|\(zoom.plan.rawValue)|\(zoom.source.rawValue)|\(zoom.apiURL)" }

    public func collect(_ context: CollectionContext) async throws -> CollectionReport {
        let callsBefore = client.stats.total
        var report = CollectionReport(source: .dashboard)
        if let notice = try await unavailableNotice() {
            report.notice = notice
            return report
        }
        let pending = try await store.meetingsAwaitingQuality(from: context.from, to: context.to, only: context.meetings)
        var live: [MeetingInstance] = []
        if settings.live && context.meetings == nil {
            live = try await store.liveMeetingsForQuality(from: context.now - 86_400, fetchedBefore: context.now - Self.liveEverySeconds)
        }
        let fetcher = QualityFetcher(client: client, store: store, thresholds: thresholds)
        let work = pending.map { ($0, false) } + live.map { ($0, true) }
        context.progress?(CollectionProgress(phase: .fetching, meetingsDone: 0, meetingsTotal: work.count, apiCalls: 0))
        var stopped: (any Error)?
        try await withThrowingTaskGroup(of: QualityFetcher.Outcome.self) { group in
            var iterator = work.makeIterator()
            func startNext() -> Bool {
                guard let (meeting, isLive) = iterator.next() else { return false }
                group.addTask { await fetcher.fetch(meeting, live: isLive, now: context.now, logger: context.logger) }
                return true
            }
            for _ in 0..<max(1, zoom.concurrency) where !startNext() { break }
            while let outcome = try await group.next() {
                switch outcome {
                case .stored(let samples):
                    report.meetingsFetched += 1
                    report.rowsAdded += samples
                case .failed(let line):
                    report.failures.append(line)
                case .notYet:
                    break
                case .stop(let error):
                    group.cancelAll()
                    stopped = error
                    while (try? await group.next()) != nil {}
                    return
                }
                context.progress?(
                    CollectionProgress(phase: .fetching, meetingsDone: report.meetingsFetched, meetingsTotal: work.count,
                                       apiCalls: client.stats.total - callsBefore))
                _ = startNext()
            }
        }
        if let stopped { try await handle(stopped, report: &report, context: context) }
        if report.meetingsFetched > 0 { try await AnalysisRunner(thresholds: thresholds).refreshAccountIncidents(in: store) }
        report.apiCalls = client.stats.total - callsBefore
        return report
    }

    /// Why this run stopped early, as the admin needs to hear it; throws only for what achieved nothing
    /// and is not a known state (the collector contract).
    private func handle(_ error: any Error, report: inout CollectionReport, context: CollectionContext) async throws {
        switch error {
        case ZoomAPIError.dashboardUnavailable(let message):
            try await store.setCheckpoint(Self.unavailableKey, accountFingerprint, now: context.now)
            context.logger.warning(
                "Zoom's Dashboard API is not available on this account: QoS collection stops until the configuration changes",
                metadata: ["collector": "\(name)", "zoom.message": "\(message)"])
            report.notice = Self.unavailableText
        case ZoomAPIError.dailyLimitReached(_, let until):
            let backlog = try await store.qualityBacklog(since: context.now - Self.backlogDays * 86_400)
            let when = ZoomTime.iso8601(Int64(until))
            report.notice = "QoS used its share of today's Heavy budget (\(String(format: "%g", settings.maxShareOfDailyCap * 100)) %); \(backlog) meetings wait until \(when)"
            context.logger.notice("QoS paused for today's budget", metadata: ["collector": "\(name)", "qos.backlog_meetings": "\(backlog)", "until": "\(when)"])
        case is CancellationError:
            throw error
        default:
            if report.meetingsFetched == 0 { throw error }
            report.failures.append("stopped early: \(error)")
        }
    }

    static let unavailableText =
        "Zoom's Dashboard API is not available on this account (Business plan or higher with the Dashboard feature): QoS is off until the [zoom] settings change"

    private func unavailableNotice() async throws -> String? {
        if zoom.source == .report {
            return "QoS needs Zoom's Dashboard API, and [zoom] source = \"report\": set source = \"auto\" or \"dashboard\", or disable [collectors.qos]"
        }
        guard let stored = try await store.checkpoint(Self.unavailableKey), stored == accountFingerprint else { return nil }
        return Self.unavailableText
    }
}
