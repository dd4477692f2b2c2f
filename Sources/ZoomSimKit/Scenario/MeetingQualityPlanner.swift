/// Decides one meeting's call quality from its records and planned drops.
///
/// Poor minutes are placed only where the truth can name their reason: before individual network
/// drops, before the drops of a "local network" collective, and as isolated noise far (10 min)
/// from every drop of the meeting and from the person's own joins and leaves.
struct MeetingQualityPlanner {
    static let noQoSShare = 0.05
    static let cameraOffShare = 0.2
    /// Of the collectives allowed to be local (about 3 in 4), so that about half of all standalone ones are.
    static let localCollectiveShare = 0.65
    static let noisePerParticipantMinute = 1.0 / 200
    static let noiseDistance = 600

    private let meeting: SimMeeting
    private var random: SeededRandom
    private var poor: [Set<Int>]

    init(meeting: SimMeeting, random: SeededRandom) {
        self.meeting = meeting
        self.random = random
        self.poor = Array(repeating: [], count: meeting.records.count)
    }

    /// `collectives` are this meeting's, with their index in `ScenarioPlan.collectives`.
    mutating func run(drops: [PlannedDrop], collectives: [(index: Int, collective: PlannedCollective)]) -> (MeetingQualityPlan, [Int: CollectiveCause]) {
        let hasData = !(meeting.isClass && random.chance(Self.noQoSShare))
        let spelling: QoSUnitSpelling = random.chance(0.5) ? .spaced : .compact
        var causes: [Int: CollectiveCause] = [:]
        for (index, collective) in collectives {
            // Drawn for every collective so the stream does not depend on the branches below.
            let local = random.chance(Self.localCollectiveShare) && canBeLocal(index, drops: drops, causes: causes, collectives: collectives)
            causes[index] = collective.badMoment != nil ? .zoomOrShared : !hasData ? .unknown : local ? .localNetwork : .zoomOrShared
        }
        let cameraOff = drawCameras()
        let sharing = drawSharing()
        if hasData {
            for drop in drops where drop.reason == .networkError {
                let local = drop.collective.map { causes[$0] == .localNetwork } ?? true
                if local { markPoorBefore(drop) }
            }
            if meeting.isClass { addNoise(dropTimes: drops.map(\.time)) }
        }
        let plan = MeetingQualityPlan(
            hasData: hasData, spelling: spelling, poorMinutes: poor,
            cameraOff: cameraOff, sharingMinutes: sharing)
        return (plan, causes)
    }

    /// A "local network" collective must stand out: nobody else poor in the 10 minutes before it
    /// (no individual network drop, no earlier local collective), and it must not put poor minutes
    /// into the 10 minutes before a bad moment's drop. Collectives come in time order.
    private func canBeLocal(
        _ index: Int, drops: [PlannedDrop], causes: [Int: CollectiveCause], collectives: [(index: Int, collective: PlannedCollective)]
    ) -> Bool {
        func start(_ collective: Int) -> Int { drops.filter { $0.collective == collective }.map(\.time).min() ?? 0 }
        let own = start(index)
        let poorBefore = drops.contains { drop in
            guard drop.collective != index, drop.reason == .networkError, drop.time < own, drop.time >= own - 60 - Self.noiseDistance else { return false }
            return drop.collective.map { causes[$0] == .localNetwork } ?? true
        }
        let badMomentAfter = collectives.contains { other in
            guard other.collective.badMoment != nil else { return false }
            let time = start(other.index)
            return time > own && time - Self.noiseDistance - 60 <= own
        }
        return !poorBefore && !badMomentAfter
    }

    /// Per person, so all connections of someone with the camera off show "-".
    private mutating func drawCameras() -> [Bool] {
        var off: [String: Bool] = [:]
        for record in meeting.records where off[record.participantUUID] == nil {
            off[record.participantUUID] = !record.isHost && random.chance(Self.cameraOffShare)
        }
        return meeting.records.map { off[$0.participantUUID] ?? false }
    }

    /// A few spans of the host sharing slides; classes share more than staff meetings.
    private mutating func drawSharing() -> Set<Int> {
        guard meeting.participantCount >= 2 else { return [] }
        let first = -UTCTime.floorDiv(-meeting.start.epochSeconds, 60) * 60 + 120
        let last = UTCTime.floorDiv(meeting.end.epochSeconds, 60) * 60 - 300
        guard first < last else { return [] }
        var minutes: Set<Int> = []
        for _ in 0..<(meeting.isClass ? random.int(in: 1...3) : random.int(in: 0...1)) {
            let start = first + 60 * random.int(in: 0...((last - first) / 60))
            for minute in stride(from: start, to: min(start + 60 * random.int(in: 3...12), last), by: 60) {
                minutes.insert(minute)
            }
        }
        return minutes
    }

    /// The dropped connection's minute containing the leave and the minute before.
    private mutating func markPoorBefore(_ drop: PlannedDrop) {
        guard let index = meeting.records.firstIndex(where: {
            $0.participantUUID == drop.participantUUID && $0.leaveTime.epochSeconds == drop.time && $0.leaveReason == drop.reason
        }) else { return }
        let minute = UTCTime.floorDiv(drop.time, 60) * 60
        for candidate in [minute - 60, minute] where meeting.records[index].hasSample(at: candidate) {
            poor[index].insert(candidate)
        }
    }

    private mutating func addNoise(dropTimes: [Int]) {
        var order: [String] = []
        var recordsOf: [String: [Int]] = [:]
        for (index, record) in meeting.records.enumerated() {
            if recordsOf[record.participantUUID] == nil { order.append(record.participantUUID) }
            recordsOf[record.participantUUID, default: []].append(index)
        }
        for person in order {
            let indices = recordsOf[person]!
            let own = indices.flatMap { [meeting.records[$0].joinTime.epochSeconds, meeting.records[$0].leaveTime.epochSeconds] }
            for index in indices {
                for minute in meeting.records[index].sampleMinutes {
                    guard !Self.isNear(minute, dropTimes), !Self.isNear(minute, own), !poor[index].contains(minute - 60) else { continue }
                    if random.chance(Self.noisePerParticipantMinute) { poor[index].insert(minute) }
                }
            }
        }
    }

    /// Whether the minute [M, M + 60) comes within 10 minutes of any of `times`.
    static func isNear(_ minute: Int, _ times: [Int]) -> Bool {
        times.contains { minute - noiseDistance <= $0 && $0 <= minute + 60 + noiseDistance }
    }
}
