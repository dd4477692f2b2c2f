import Foundation
import Logging
import ZoomDashCollectors
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashZoomAPI
import ZoomSimKit

/// A month's backfill against zoomsim at Business limits: how close the paced client gets to Zoom's
/// allowed Heavy rate (40/s), and that no request fails for good.
enum BackfillBench {
    static func run(arguments: [String]) async throws {
        let days = Int(arguments.first ?? "") ?? 30
        let options = ScenarioOptions(seed: 42, days: days)
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: options, plan: ZoomSimKit.ZoomPlan.business))
        let path = NSTemporaryDirectory() + "zoomdash-bench-backfill-\(getpid()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let logger: Logger = {
            var logger = Logger(label: "bench")
            logger.logLevel = .error
            return logger
        }()

        let (outcome, seconds, stats) = try await simulator.withRunningServer { baseURL in
            var settings = ZoomSettings()
            settings.accountID = "sim-account"
            settings.clientID = "sim-client"
            settings.clientSecret = "sim-secret"
            settings.apiURL = baseURL + "/v2"
            settings.oauthURL = baseURL + "/oauth/token"
            settings.plan = .business
            settings.source = .dashboard
            settings.concurrency = 8
            let store = try ZoomDashStore(path: path)
            let budget = RequestBudget(plan: .business, clock: ContinuousClock(), unixNow: Date().timeIntervalSince1970)
            let client = ZoomAPIClient(
                settings: settings, http: CurlHTTPClient(maxConcurrentRequests: 8), budget: budget, logger: logger)
            let collector = ParticipantsCollector(
                client: client, store: store, filter: MeetingFilter(MeetingSelection()), thresholds: AnalysisThresholds(),
                preferredSource: .dashboard, concurrency: 8)
            let now = Int64(Date().timeIntervalSince1970)
            let end = now - now % 86_400
            let context = CollectionContext(from: end - Int64(days) * 86_400, to: end, now: now, logger: logger)
            let (report, seconds) = try await measure { try await collector.collect(context) }
            return (report, seconds, await simulator.statisticsJSON())
        }
        let object = try JSONSerialization.jsonObject(with: Data(stats.utf8)) as? [String: Any] ?? [:]
        let heavy = object["heavy_requests"] as? Int ?? 0
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let first = (object["heavy_first_request"] as? String).flatMap { iso.date(from: $0) }
        let last = (object["heavy_last_request"] as? String).flatMap { iso.date(from: $0) }
        let span = last.flatMap { last in first.map { last.timeIntervalSince($0) } } ?? seconds
        let rate = Double(max(heavy - 1, 0)) / max(span, 0.001)
        report("backfill", [
            ("days", "\(days)"), ("meetings_fetched", "\(outcome.meetingsFetched)"), ("rows", "\(outcome.rowsAdded)"),
            ("api_calls", "\(outcome.apiCalls)"), ("seconds", format(seconds)), ("heavy_requests", "\(heavy)"),
            ("heavy_rate_per_s", format(rate)), ("share_of_allowed_40_per_s", format(rate / 40 * 100, 1) + "%"),
            ("sim_429s", "\(object["rate_limited_429"] ?? 0)"), ("failed_for_good", "\(outcome.failures.count)"),
            ("peak_rss_mib", format(Machine.peakMemoryMiB, 0)),
        ])
    }
}
