import ArgumentParser
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashStorage

struct ReanalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reanalyze",
        abstract: "Recompute all disconnections and incidents from the stored raw sessions and webhook events with the current [analysis] settings.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Also print the CPU time of each phase (prepare, read, analyse, write, commit).")
    var timings = false

    func run() async throws {
        do {
            let environment = try CommandEnvironment(options)
            let store = try environment.openStore(readOnly: false)
            let summary = try await AnalysisRunner(thresholds: environment.config.analysis).reanalyseAll(
                in: store, presenceMeetingIDs: environment.config.presence.meetingIDs, measuringPhases: timings)
            print(
                "reanalysed \(summary.meetings) meetings (\(summary.sessions) sessions): \(summary.disconnections) "
                    + "disconnections, \(summary.meetingIncidents) meeting-level and \(summary.accountIncidents) account-level incidents")
            if let phases = summary.phases { print(phases.description) }
        } catch {
            throw fail(error)
        }
    }
}
