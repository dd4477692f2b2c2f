import Foundation
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashStorage

/// `pipeline`: from the store, each enabled collector's and sink's last run and last success, and how
/// far the live analysis trails the webhooks. A last run that failed, or no success for three
/// intervals, is a warning (as `/healthz` counts it); a live analysis more than five minutes behind too.
struct PipelineRunsCheck: DoctorProbe {
    static let id = "pipeline"
    let path: String
    let collectors: [String: CollectorConfig]
    let sinks: [String: SinkConfig]
    let now: @Sendable () -> Double
    let files: any DoctorFileSystem

    static let analysisLagWarningSeconds: Int64 = 300

    func examine() async -> DoctorCheck {
        let title = "Collectors, sinks, live analysis"
        guard files.status(path) != nil else { return .skipped(Self.id, title, "no store yet (see Store)") }
        let status: StoreStatus
        let backlog: (meetings: Int, oldest: UnixSeconds?)
        do {
            let store = try ZoomDashStore(path: path, readOnly: true)
            status = try await store.status()
            backlog = try await store.analysisBacklog()
        } catch {
            return .skipped(Self.id, title, "the store could not be read (see Store)")
        }
        let time = Int64(now())
        var facts: [String: DoctorFact] = ["analysis_backlog_meetings": .number(Int64(backlog.meetings))]
        var items: [String] = []
        var warnings: [String] = []
        for (name, collector) in collectors.sorted(by: { $0.key < $1.key }) where collector.schedule.enabled {
            let state = status.collectors.first { $0.collector == name }
            let (line, problem) = Self.describe(
                name, lastRun: state.map { ($0.lastRun.finishedAt, $0.lastRun.result.rawValue, $0.lastRun.error) }, lastSuccess: state?.lastSuccessAt,
                interval: collector.schedule.intervalSeconds, now: time)
            if let problem { warnings.append(problem) } else { items.append(line) }
            if let success = state?.lastSuccessAt { facts["collectors.\(name).last_success"] = .text(ZoomTime.iso8601(success)) }
        }
        if let backfill = status.collectors.first(where: { $0.collector == "backfill" }), let success = backfill.lastSuccessAt {
            items.append("backfill ok \(Self.ago(time - success))")
            facts["collectors.backfill.last_success"] = .text(ZoomTime.iso8601(success))
        }
        for (name, sink) in sinks.sorted(by: { $0.key < $1.key }) where sink.enabled {
            let state = status.sinks.first { $0.sink == name }
            let (line, problem) = Self.describe(
                "sink \(name)", lastRun: state.map { ($0.lastRun.finishedAt, $0.lastRun.result.rawValue, $0.lastRun.error) },
                lastSuccess: state?.lastSuccessAt, interval: sink.intervalSeconds, now: time)
            if let problem {
                warnings.append(problem)
            } else {
                items.append(line + (state?.eventsWaiting.flatMap { $0 > 0 ? " (\($0) events waiting)" : nil } ?? ""))
            }
            if let success = state?.lastSuccessAt { facts["sinks.\(name).last_success"] = .text(ZoomTime.iso8601(success)) }
        }
        if backlog.meetings > 0, let oldest = backlog.oldest {
            let lag = max(0, time - oldest)
            facts["analysis_lag_seconds"] = .number(lag)
            let line = "live analysis: \(backlog.meetings) meetings to analyse, the oldest waiting \(Self.ago(lag).replacingOccurrences(of: " ago", with: ""))"
            if lag > Self.analysisLagWarningSeconds { warnings.append(line) } else { items.append(line) }
        } else {
            items.append("live analysis up to date")
        }
        if let since = status.qosUnavailableSince { items.append("QoS off since \(ZoomTime.iso8601(since)) (no Dashboard)") }
        guard warnings.isEmpty else {
            return .warning(
                Self.id, title, (warnings + items).joined(separator: "; "),
                fix: "`zoomdashctl status` shows each run's error, `journalctl -u zoomdashd` the details; the Zoom and sink checks above often name the cause",
                facts: facts)
        }
        return .ok(Self.id, title, items.joined(separator: "; "), facts: facts)
    }

    /// `participants ok 3 min ago`, and the warning when the last run failed or no run succeeded for
    /// three intervals.
    static func describe(_ name: String, lastRun: (UnixSeconds, String, String?)?, lastSuccess: UnixSeconds?, interval: Int64, now: UnixSeconds)
        -> (String, String?)
    {
        guard let (finished, result, error) = lastRun else { return ("\(name) not run yet", nil) }
        if result != "ok" {
            let since = lastSuccess.map { "; last success \(ago(now - $0))" } ?? "; never succeeded"
            return ("", "\(name): last run \(result) \(ago(now - finished))\(error.map { ": \($0)" } ?? "")\(since)")
        }
        if let lastSuccess, now - lastSuccess > 3 * interval {
            return ("", "\(name): no run for \(ago(now - lastSuccess).replacingOccurrences(of: " ago", with: "")) (every \(interval / 60) min expected): is zoomdashd running?")
        }
        return ("\(name) ok \(ago(now - finished))", nil)
    }

    static func ago(_ seconds: Int64) -> String {
        switch seconds {
        case ..<90: "\(max(0, seconds)) s ago"
        case ..<5400: "\(seconds / 60) min ago"
        case ..<172_800: "\(seconds / 3600) h ago"
        default: "\(seconds / 86_400) days ago"
        }
    }
}
