import ArgumentParser
import ZoomSimKit

/// Flags shared by every subcommand that generates a scenario.
struct ScenarioFlags: ParsableArguments {
    @Option(help: "Scenario seed.")
    var seed: UInt64 = 42

    @Option(name: .customLong("end-day"), help: "Last simulated day, yyyy-MM-dd (UTC). Default: yesterday.")
    var endDay: String?

    @Option(help: "Number of simulated days ending with --end-day.")
    var days: Int = 30

    @Option(help: "Number of hosts (teachers).")
    var hosts: Int = 12

    @Option(name: .customLong("classes-per-host"), help: "Recurring classes per host per weekday (max 8).")
    var classesPerHost: Int = 3

    @Option(help: "Students per class roster, as MIN-MAX.")
    var participants: String = "8-30"

    func validate() throws {
        if let endDay, !Self.isDay(endDay) { throw ValidationError("--end-day must be yyyy-MM-dd") }
        guard days >= 1 else { throw ValidationError("--days must be at least 1") }
        guard hosts >= 1 else { throw ValidationError("--hosts must be at least 1") }
        guard (1...8).contains(classesPerHost) else { throw ValidationError("--classes-per-host must be 1...8") }
        guard rosterRange != nil else { throw ValidationError("--participants must look like 8-30 (MIN ≥ 2, MIN ≤ MAX)") }
    }

    var options: ScenarioOptions {
        ScenarioOptions(
            seed: seed, endDay: endDay ?? ScenarioOptions.yesterdayUTC(), days: days, hosts: hosts,
            classesPerHostPerDay: classesPerHost, participantsPerClass: rosterRange ?? 8...30)
    }

    private var rosterRange: ClosedRange<Int>? {
        let parts = participants.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 2, parts[0] <= parts[1] else { return nil }
        return parts[0]...parts[1]
    }

    private static func isDay(_ text: String) -> Bool {
        UTCTime.parseDay(text) != nil
    }
}
