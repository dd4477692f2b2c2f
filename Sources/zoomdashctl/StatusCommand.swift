import ArgumentParser
import Foundation
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
            let status = try await environment.openStore(readOnly: true).status()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            } else {
                print(Self.render(status))
            }
        } catch {
            throw fail(error)
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
        if status.collectors.isEmpty {
            lines.append("Collectors   none has run yet (run `zoomdashctl backfill` or start zoomdashd)")
        }
        for state in status.collectors {
            let run = state.lastRun
            var line = "Collector    \(state.collector): last run \(ZoomTime.iso8601(run.finishedAt)) \(run.result.rawValue), "
                + "\(run.rows) rows, \(run.apiCalls) API calls; \(state.runs) runs, \(state.failedRuns) not ok"
            if let success = state.lastSuccessAt { line += "; last success \(ZoomTime.iso8601(success))" }
            if let error = run.error { line += "\n             error: \(error)" }
            lines.append(line)
        }
        for state in status.sinks {
            let run = state.lastRun
            var line = "Sink         \(state.sink): last run \(ZoomTime.iso8601(run.finishedAt)) \(run.result.rawValue), "
                + "\(run.rows) rows; \(state.runs) runs, \(state.failedRuns) not ok"
            if let success = state.lastSuccessAt { line += "; last success \(ZoomTime.iso8601(success))" }
            if let waiting = state.eventsWaiting { line += "; \(waiting) events waiting" }
            if let error = run.error { line += "\n             error: \(error)" }
            lines.append(line)
        }
        if status.analysisBacklog > 0 { lines.append("Live         catching up: \(status.analysisBacklog) meetings to analyse") }
        return lines.joined(separator: "\n")
    }
}
