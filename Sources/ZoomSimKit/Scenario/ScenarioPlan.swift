/// What the generator decided to happen. The ground truth is computed from this plan, never
/// by re-analysing the generated records.
struct ScenarioPlan: Sendable {
    var drops: [PlannedDrop] = []
    var collectives: [PlannedCollective] = []
    var badMoments: [PlannedBadMoment] = []
    var quality = QualityPlan()
}

/// One network/client disconnection of one person.
struct PlannedDrop: Sendable, Hashable {
    let meetingIndex: Int
    let participantUUID: String
    let name: String
    /// Epoch second of the leave.
    let time: Int
    /// `.networkError` or `.clientClose`.
    let reason: LeaveReason
    /// Epoch second of the next join of the same person, nil if they never came back.
    let rejoinAt: Int?
    /// Index into `ScenarioPlan.collectives` when part of a collective drop.
    let collective: Int?

    var rejoinGap: Int? { rejoinAt.map { $0 - time } }
}

/// Several participants of one meeting dropping within a few seconds.
struct PlannedCollective: Sendable, Hashable {
    let meetingIndex: Int
    var dropIndices: [Int]
    /// Index into `ScenarioPlan.badMoments` when part of an account-level bad moment.
    let badMoment: Int?
}

/// Zoom having a bad moment: several concurrent meetings get a collective drop within 30 s.
struct PlannedBadMoment: Sendable, Hashable {
    let time: Int
    var collectiveIndices: [Int] = []

    static let spread = 22
}
