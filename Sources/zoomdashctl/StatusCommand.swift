import ArgumentParser
import Foundation
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashStorage

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show collectors' last runs, store size and totals.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        do {
            let environment = try CommandEnvironment(options)
            let store = try environment.openStore(readOnly: true)
            let status = try await store.status()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            } else {
                print(Self.render(status))
                let sources = environment.config.sources.filter { $0.value.type == "zoom.websocket" && $0.value.enabled }.keys.sorted()
                let now = UnixSeconds(Date().timeIntervalSince1970)
                let gaps = sources.isEmpty ? [:] : try await store.liveSourceGapTotals(since: now - 86_400)
                for line in Self.webSocketLines(sources: sources, gaps: gaps) { print(line) }
            }
        } catch {
            throw fail(error)
        }
    }

    /// What the store knows of each WebSocket source: its gaps (connected or not is the daemon's to
    /// say: `/healthz`, `/metrics`, `systemctl status`).
    static func webSocketLines(sources: [String], gaps: [String: (gaps: Int, seconds: Int64, lastEnd: UnixSeconds)]) -> [String] {
        sources.map { name in
            guard let gap = gaps[name] else { return "WebSocket    \(name): no gap in the last 24 h" }
            return "WebSocket    \(name): \(gap.gaps) gaps in the last 24 h, \(gap.seconds) s disconnected (those meetings are fetched from REST), "
                + "the last ended \(ZoomTime.iso8601(gap.lastEnd))"
        }
    }

    static func render(_ status: StoreStatus) -> String {
        var lines: [String] = []
        let megabytes = String(format: "%.1f MB", Double(status.storeBytes) / 1_048_576)
        lines.append("Store        \(status.storePath) (\(megabytes), schema \(status.schemaVersion))")
        var meetings = "Meetings     \(status.meetings) (\(status.monitoredMeetings) monitored, "
            + "\(status.meetingsAwaitingParticipants) awaiting participants)"
        if let first = status.firstMeeting, let last = status.lastMeeting {
            meetings += ", \(ZoomTime.day(first)) … \(ZoomTime.day(last))"
        }
        lines.append(meetings)
        lines.append("Sessions     \(status.participantSessions) participant connections")
        let reasons = status.disconnectionsByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        let disconnections = status.disconnectionsByReason.values.reduce(0, +)
        lines.append(
            "Disconnects  \(disconnections)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
                + ", \(status.minutesLost) minutes lost")
        lines.append(
            "Incidents    \(status.incidentsByScope["meeting"] ?? 0) meeting-level, "
                + "\(status.incidentsByScope["account"] ?? 0) account-level (Zoom bad moments)")
        var quality = "Quality      \(status.qualityMinutes) participant-minutes with QoS in \(status.qualityMeetings) meetings"
        if status.qualityMinutes > 0 {
            quality += ", \(status.poorMinutes) poor (\(String(format: "%.1f", 100 * Double(status.poorMinutes) / Double(status.qualityMinutes))) %)"
        }
        quality += "; \(status.qosBacklog) meetings waiting for QoS"
        if status.triggeredFetches > 0 { quality += "; \(status.triggeredFetches) ended meetings queued for a fetch" }
        lines.append(quality)
        if let since = status.qosUnavailableSince {
            lines.append(
                "             QoS is off: Zoom said the Dashboard API is not available on this account (\(ZoomTime.iso8601(since))); "
                    + "it is tried again when the [zoom] settings change")
        }
        if status.collectors.isEmpty {
            lines.append("Collectors   none has run yet (run `zoomdashctl backfill` or start zoomdashd)")
        }
        for state in status.collectors {
            let run = state.lastRun
            lines.append(
                runLine(
                    "Collector    \(state.collector)", finished: run.finishedAt, result: run.result.rawValue,
                    done: "\(run.rows) rows, \(run.apiCalls) API calls", runs: state.runs, failed: state.failedRuns,
                    lastSuccess: state.lastSuccessAt, error: run.error))
        }
        for state in status.sinks {
            let run = state.lastRun
            lines.append(
                runLine(
                    "Sink         \(state.sink)", finished: run.finishedAt, result: run.result.rawValue, done: "\(run.rows) rows",
                    runs: state.runs, failed: state.failedRuns, lastSuccess: state.lastSuccessAt, error: run.error,
                    extra: state.eventsWaiting.map { "\($0) events waiting" }
                        ?? status.sinkRows[state.sink].map { tables in
                            "holds " + tables.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                        }))
        }
        if status.analysisBacklog > 0 { lines.append("Live         catching up: \(status.analysisBacklog) meetings to analyse") }
        return lines.joined(separator: "\n")
    }

    /// One collector's or sink's latest run, its totals, and its error on a line of its own.
    static func runLine(
        _ label: String, finished: UnixSeconds, result: String, done: String, runs: Int, failed: Int, lastSuccess: UnixSeconds?,
        error: String?, extra: String? = nil
    ) -> String {
        var line = "\(label): last run \(ZoomTime.iso8601(finished)) \(result), \(done); \(runs) runs, \(failed) not ok"
        if let lastSuccess { line += "; last success \(ZoomTime.iso8601(lastSuccess))" }
        if let extra { line += "; " + extra }
        if let error { line += "\n             error: \(error)" }
        return line
    }
}
