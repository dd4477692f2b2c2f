import ArgumentParser
import Foundation
import ZoomSimKit

struct TruthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "truth",
        abstract: "Print the scenario's ground truth as JSON Lines.",
        discussion: """
            One line per disconnection ({"kind":"disconnect",...}) then one per incident \
            ({"kind":"incident",...}), each sorted by time, then one per meeting with QoS data \
            ({"kind":"quality",...}, by meeting start) and one per dashboard incident \
            ({"kind":"cause",...}, always the dashboard source's incidents, whatever --source says). \
            Rules: see Scenario.truthDisconnections, truthIncidents, truthQuality and truthCauses in ZoomSimKit.
            """)

    @OptionGroup var scenario: ScenarioFlags

    @Option(help: "dashboard (leave_reason available) or report (gaps only).")
    var source: String = "dashboard"

    @Option(name: .customLong("grace"), help: "Reconnect grace in seconds (report source).")
    var graceSeconds: Int = 120

    @Option(name: .customLong("window"), help: "Collective window in seconds.")
    var windowSeconds: Int = 60

    @Option(name: .customLong("min-participants"), help: "Minimum participants of a collective drop.")
    var minParticipants: Int = 3

    @Option(name: .customLong("min-fraction"), help: "Minimum fraction of present participants.")
    var minFraction: Double = 0.2

    @Option(name: .customLong("account-min-meetings"), help: "Minimum meetings of an account incident.")
    var accountMinMeetings: Int = 3

    func validate() throws {
        guard TruthSource(rawValue: source) != nil else { throw ValidationError("--source must be dashboard or report") }
    }

    func run() throws {
        let generated = Scenario.generate(scenario.options)
        let thresholds = TruthThresholds(
            reconnectGraceSeconds: graceSeconds, collectiveWindowSeconds: windowSeconds,
            collectiveMinParticipants: minParticipants, collectiveMinFraction: minFraction,
            accountMinMeetings: accountMinMeetings)
        let truthSource = TruthSource(rawValue: source) ?? .dashboard
        var output = ""
        for disconnection in generated.truthDisconnections(source: truthSource, thresholds: thresholds) {
            output += TruthLines.line(disconnection) + "\n"
        }
        for incident in generated.truthIncidents(source: truthSource, thresholds: thresholds) {
            output += TruthLines.line(incident) + "\n"
        }
        for quality in generated.truthQuality() {
            output += TruthLines.line(quality) + "\n"
        }
        for cause in generated.truthCauses(thresholds: thresholds) {
            output += TruthLines.line(cause) + "\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

/// JSON Lines rendering with a fixed key order and explicit nulls.
enum TruthLines {
    static func line(_ item: TruthDisconnection) -> String {
        JSONValue.object([
            ("kind", .string("disconnect")),
            ("meetingUUID", .string(item.meetingUUID)),
            ("meetingID", .int(item.meetingID)),
            ("topic", .string(item.topic)),
            ("participantName", .string(item.participantName)),
            ("time", .string(UTCTime.iso8601(item.time))),
            ("reasonClass", .string(item.reasonClass)),
            ("rejoinedAfterSeconds", item.rejoinedAfterSeconds.map { .int(Int64($0)) } ?? .null),
            ("qualityBefore", .string(item.qualityBefore)),
        ]).serialized()
    }

    static func line(_ item: TruthMeetingQuality) -> String {
        JSONValue.object([
            ("kind", .string("quality")),
            ("meetingUUID", .string(item.meetingUUID)),
            ("meetingID", .int(item.meetingID)),
            ("topic", .string(item.topic)),
            ("participantMinutes", .int(Int64(item.participantMinutes))),
            ("poorMinutes", .int(Int64(item.poorMinutes))),
        ]).serialized()
    }

    static func line(_ item: TruthIncidentCause) -> String {
        JSONValue.object([
            ("kind", .string("cause")),
            ("scope", .string(item.scope)),
            ("meetingUUID", item.meetingUUID.map { .string($0) } ?? .null),
            ("start", .string(UTCTime.iso8601(item.start))),
            ("cause", .string(item.cause)),
        ]).serialized()
    }

    static func line(_ item: TruthIncident) -> String {
        JSONValue.object([
            ("kind", .string("incident")),
            ("scope", .string(item.scope)),
            ("meetingUUID", item.meetingUUID.map { .string($0) } ?? .null),
            ("start", .string(UTCTime.iso8601(item.start))),
            ("end", .string(UTCTime.iso8601(item.end))),
            ("dropped", .int(Int64(item.dropped))),
            ("present", .int(Int64(item.present))),
            ("meetings", item.meetings.map { .int(Int64($0)) } ?? .null),
        ]).serialized()
    }
}
