import ArgumentParser
import Foundation
import ZoomSimKit

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary", abstract: "Print counts describing the generated scenario (one JSON object).")

    @OptionGroup var scenario: ScenarioFlags

    func run() throws {
        let summary = Scenario.generate(scenario.options).summary
        let json = JSONValue.object([
            ("meetings", .int(Int64(summary.meetings))),
            ("class_meetings", .int(Int64(summary.classMeetings))),
            ("records", .int(Int64(summary.records))),
            ("planned_drops", .int(Int64(summary.plannedDrops))),
            ("collective_drops", .int(Int64(summary.collectiveDrops))),
            ("bad_moments", .int(Int64(summary.badMoments))),
            ("uuids_needing_double_encoding", .int(Int64(summary.uuidsNeedingDoubleEncoding))),
            ("first_start", summary.firstStart.map { .string(UTCTime.iso8601($0)) } ?? .null),
            ("last_end", summary.lastEnd.map { .string(UTCTime.iso8601($0)) } ?? .null),
        ])
        print(json.serialized())
    }
}
