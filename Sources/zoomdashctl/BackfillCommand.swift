import ArgumentParser
import Foundation
import Logging
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashPlugins
import ZoomDashStorage
import ZoomDashZoomAPI

struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Fetch past meetings and participants from Zoom for a date range, then analyse them.",
        discussion: """
            Resumable: interrupt it at any moment and run the same command again; it continues where it \
            stopped, without duplicates. Re-running a finished backfill adds nothing.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "First day (YYYY-MM-DD, UTC).")
    var from: String

    @Option(help: "Last day, inclusive (YYYY-MM-DD, UTC).")
    var to: String

    @Flag(help: "Also fetch the call quality (QoS) of those meetings (Dashboard API; Zoom keeps it for a limited time).")
    var qos = false

    func run() async throws {
        do {
            try await backfill()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    /// Zoom's Report and Dashboard meeting lists reach back six calendar months from today (UTC).
    static func earliestListedDay(now: UnixSeconds) -> UnixSeconds {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let today = calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(now)))
        return UnixSeconds(calendar.date(byAdding: .month, value: -6, to: today)!.timeIntervalSince1970)
    }

    private func backfill() async throws {
        let environment = try CommandEnvironment(options)
        let config = environment.config
        let start = try parseTime(from, option: "--from")
        let end = try parseTime(to, option: "--to") + 86_400
        let now = Int64(Date().timeIntervalSince1970)
        guard start < end else { throw CommandLineError("--from \(from) is after --to \(to)") }
        guard start < now else { throw CommandLineError("--from \(from) is in the future; nothing has happened yet") }
        // Plus the padding day every list request asks for before its window (CollectionWindow), and a
        // day for accounts east of UTC, whose "today" (Zoom reads dates in the account's zone) is ahead.
        let earliest = Self.earliestListedDay(now: now) + 2 * 86_400
        guard start >= earliest else {
            throw CommandLineError(
                "--from \(from) is more than 6 months ago: Zoom lists meetings of the past 6 months only; "
                    + "use --from \(ZoomTime.day(earliest)) or later")
        }
        guard config.zoom.hasCredentials else { throw ZoomAPIError.missingCredentials }

        let store = try environment.openStore(readOnly: false)
        let budget = RequestBudget(plan: config.zoom.plan, clock: ContinuousClock(), unixNow: Date().timeIntervalSince1970)
        let client = ZoomAPIClient(
            settings: config.zoom, http: CurlHTTPClient(maxConcurrentRequests: config.zoom.concurrency),
            budget: budget, logger: environment.logger)
        // Backfill fills the store as the participants collector would (the daemon's sinks publish it).
        let configured = config.collectors["participants"]
            ?? CollectorConfig(type: ParticipantsCollector.type, section: ConfigSection(file: "(defaults)", path: "collectors.participants"))
        let dependencies = CollectorDependencies(
            store: store, client: client, meetings: MeetingFilter(config.meetings), thresholds: config.analysis, zoom: config.zoom)
        let collector = try StandardPlugins.collectors.make(
            name: "backfill", type: configured.type, section: configured.section, dependencies: dependencies)

        let qualityConfig = config.collectors.values.first { $0.type == QualityCollector.type }
            ?? CollectorConfig(type: QualityCollector.type, section: ConfigSection(file: "(defaults)", path: "collectors.qos"))
        let quality = try StandardPlugins.collectors.make(
            name: "backfill.qos", type: qualityConfig.type, section: qualityConfig.section, dependencies: dependencies)

        let progress = ProgressDisplay(logger: environment.logger)
        let qualityProgress = ProgressDisplay(logger: environment.logger, label: "QoS ")
        let context = CollectionContext(
            from: start, to: min(end, now), now: now, logger: environment.logger, progress: { progress.update($0) })
        environment.logger.info(
            "backfill started", metadata: ["from": "\(from)", "to": "\(to)", "zoom.plan": "\(config.zoom.plan.rawValue)"])
        let report: CollectionReport
        var qualityReport: CollectionReport?
        let withQuality = qos
        do {
            let lease = ZoomLease(store: store, holder: ZoomLease.holderName(program: "zoomdashctl backfill"))
            (report, qualityReport) = try await lease.withLease(logger: environment.logger, now: { Int64(Date().timeIntervalSince1970) }) {
                let participants = try await collector.collect(context)
                guard withQuality else { return (participants, nil) }
                progress.finish()
                var qualityContext = context
                qualityContext.progress = { qualityProgress.update($0) }
                defer { qualityProgress.finish() }
                return (participants, try await quality.collect(qualityContext))
            }
        } catch {
            progress.finish()
            try? await store.recordRun(
                CollectorRun(
                    collector: "backfill", startedAt: now, finishedAt: Int64(Date().timeIntervalSince1970), result: .error,
                    rows: 0, apiCalls: client.stats.total, error: "\(error)"))
            throw error
        }
        progress.finish()
        try await store.recordRun(
            CollectorRun(
                collector: "backfill", startedAt: now, finishedAt: Int64(Date().timeIntervalSince1970),
                result: report.result, rows: report.rowsAdded, apiCalls: report.apiCalls,
                error: report.failures.first))
        print(
            "backfill \(from)..\(to) via \(report.source?.rawValue ?? "?"): \(report.meetingsListed) meetings listed, "
                + "\(report.meetingsFetched) fetched, \(report.rowsAdded) new participant rows, \(report.apiCalls) API calls")
        if let qualityReport {
            print(
                "QoS: \(qualityReport.meetingsFetched) meetings fetched, \(qualityReport.rowsAdded) participant-minutes, "
                    + "\(qualityReport.apiCalls) API calls")
            if let notice = qualityReport.notice { print("  \(notice)") }
            for failure in qualityReport.failures.prefix(10) { print("  QoS failed: \(failure)") }
        }
        let failures = report.failures + (qualityReport?.failures ?? [])
        if !failures.isEmpty {
            for failure in report.failures.prefix(10) { print("  failed: \(failure)") }
            print("\(failures.count) meeting(s) could not be fetched; run the same command again to retry them.")
            throw ExitCode(ExitCodes.tryAgainLater)
        }
    }
}
