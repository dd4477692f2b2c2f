import Foundation

/// A complete, deterministic simulated school account: users, meeting instances with every
/// connection record, and the plan of what went wrong (for the ground truth).
///
/// The same `ScenarioOptions` always produce the same scenario (bit for bit).
public struct Scenario: Sendable {
    public let options: ScenarioOptions
    /// Teachers (hosts) first, then a few non-host staff users.
    public let users: [SimUser]
    /// Every meeting instance, sorted by start time.
    public let meetings: [SimMeeting]
    let plan: ScenarioPlan

    init(options: ScenarioOptions, users: [SimUser], meetings: [SimMeeting], plan: ScenarioPlan) {
        self.options = options
        self.users = users
        self.meetings = meetings
        self.plan = plan
    }

    public static func generate(_ options: ScenarioOptions = ScenarioOptions()) -> Scenario {
        var generator = ScenarioGenerator(options: options)
        return generator.generate()
    }

    /// Counts that help humans sanity-check a scenario.
    public var summary: ScenarioSummary {
        ScenarioSummary(
            meetings: meetings.count,
            classMeetings: meetings.filter(\.isClass).count,
            records: meetings.reduce(0) { $0 + $1.records.count },
            plannedDrops: plan.drops.count,
            collectiveDrops: plan.collectives.count,
            badMoments: plan.badMoments.filter { $0.collectiveIndices.count >= 3 }.count,
            uuidsNeedingDoubleEncoding: meetings.filter { $0.uuid.hasPrefix("/") || $0.uuid.contains("//") }.count,
            firstStart: meetings.first?.start,
            lastEnd: meetings.map(\.end).max())
    }
}

public struct ScenarioSummary: Sendable, Hashable, Codable {
    public let meetings: Int
    public let classMeetings: Int
    public let records: Int
    public let plannedDrops: Int
    public let collectiveDrops: Int
    public let badMoments: Int
    public let uuidsNeedingDoubleEncoding: Int
    public let firstStart: Date?
    public let lastEnd: Date?
}
