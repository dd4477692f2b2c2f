import Foundation

/// Knobs of the generated school. Everything else is derived from `seed`.
public struct ScenarioOptions: Sendable, Hashable {
    public var seed: UInt64
    /// Last simulated day, `yyyy-MM-dd` in UTC. Invalid text falls back to yesterday (UTC).
    public var endDay: String
    /// Number of calendar days ending with `endDay`; classes only happen on weekdays.
    public var days: Int
    /// Teachers; each hosts `classesPerHostPerDay` recurring classes every weekday.
    public var hosts: Int
    /// At most `SchoolCalendar.periodStartSeconds.count` (8); larger values are clamped.
    public var classesPerHostPerDay: Int
    /// Students on a class roster (the host comes on top). The lower bound is raised to 2.
    public var participantsPerClass: ClosedRange<Int>

    public init(
        seed: UInt64 = 42,
        endDay: String = ScenarioOptions.yesterdayUTC(),
        days: Int = 30,
        hosts: Int = 12,
        classesPerHostPerDay: Int = 3,
        participantsPerClass: ClosedRange<Int> = 8...30
    ) {
        self.seed = seed
        self.endDay = endDay
        self.days = days
        self.hosts = hosts
        self.classesPerHostPerDay = classesPerHostPerDay
        self.participantsPerClass = participantsPerClass
    }

    public static func yesterdayUTC(now: Date = Date()) -> String {
        UTCTime.day(epochSeconds: now.epochSeconds - UTCTime.secondsPerDay)
    }

    /// Midnight (UTC, epoch seconds) of `endDay`.
    var endDayStart: Int {
        UTCTime.parseDay(endDay) ?? UTCTime.parseDay(ScenarioOptions.yesterdayUTC())!
    }

    var effectiveDays: Int { max(1, days) }
    var effectiveHosts: Int { max(1, hosts) }
    var effectiveClassesPerHost: Int { min(max(1, classesPerHostPerDay), SchoolCalendar.periodStartSeconds.count) }
    var effectiveRoster: ClosedRange<Int> {
        let lower = max(2, participantsPerClass.lowerBound)
        return lower...max(lower, participantsPerClass.upperBound)
    }
}
