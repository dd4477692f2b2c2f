import Foundation

/// Drives the generation: schedule → bad moments → per-meeting timelines → records + plan.
struct ScenarioGenerator {
    /// Independent random streams, so changing one aspect does not reshuffle the others.
    /// `quality` and `qosSamples` come last: QoS was added later and must not move the others.
    enum Stream: UInt64 { case uuids = 11, badMoments, timelines, materialize, quality, qosSamples }

    /// Collective drops anywhere in the account are more than this apart, unless they belong to
    /// the same bad moment (so the account-level analysis finds exactly the planned moments).
    static let collectiveSeparation = 150

    let options: ScenarioOptions

    init(options: ScenarioOptions) {
        self.options = options
    }

    mutating func generate() -> Scenario {
        var schedule = ScheduleBuilder(options: options)
        let skeletons = schedule.build()
        let uuids = makeUUIDs(count: skeletons.count)
        var plan = ScenarioPlan()
        let badMomentSlots = planBadMoments(skeletons)
        plan.badMoments = badMomentSlots.map { PlannedBadMoment(time: $0.time) }
        var collectiveSpans: [ClosedRange<Int>] = badMomentSlots.map {
            $0.time...($0.time + PlannedBadMoment.spread + TimelineBlock.collectiveSpread)
        }

        var meetings: [SimMeeting] = []
        for (index, skeleton) in skeletons.enumerated() {
            var random = SeededRandom(seed: options.seed, stream: Stream.timelines.rawValue, index: UInt64(index))
            var fixed: [TimelineBlock] = []
            for (momentIndex, slot) in badMomentSlots.enumerated() {
                if let offset = slot.offsets[index] {
                    fixed.append(TimelineBlock(kind: .collective(badMoment: momentIndex), start: slot.time + offset))
                } else if skeleton.start < slot.zone.upperBound + TimelineLayout.minimumGap,
                    skeleton.end > slot.zone.lowerBound - TimelineLayout.minimumGap
                {
                    fixed.append(TimelineBlock(kind: .quiet(length: slot.zone.count - 1), start: slot.zone.lowerBound))
                }
            }
            let window = (skeleton.start + 400)...(skeleton.end - 160)
            var blocks = TimelineLayout.place(
                candidateBlocks(for: skeleton, using: &random), window: window, fixed: fixed, using: &random)
            // Drop isolated collectives that would come too close to another one in the account.
            blocks.removeAll { block in
                guard case .collective(nil) = block.kind else { return false }
                let span = block.start...(block.start + TimelineBlock.collectiveSpread)
                let clash = collectiveSpans.contains {
                    span.lowerBound - $0.upperBound <= Self.collectiveSeparation
                        && $0.lowerBound - span.upperBound <= Self.collectiveSeparation
                }
                if !clash { collectiveSpans.append(span) }
                return clash
            }
            let host = schedule.hostAttendees[skeleton.hostIndex]
            var materializer = MeetingMaterializer(
                skeleton: skeleton, host: host,
                random: SeededRandom(seed: options.seed, stream: Stream.materialize.rawValue, index: UInt64(index)))
            let output = materializer.run(blocks: blocks)
            record(output, meetingIndex: index, into: &plan)
            let hostUser = schedule.users[skeleton.hostIndex]
            meetings.append(SimMeeting(
                uuid: uuids[index], id: skeleton.id, type: skeleton.type, topic: skeleton.topic,
                hostID: hostUser.id, hostEmail: hostUser.email, hostName: hostUser.displayName,
                start: Date(epochSeconds: skeleton.start), end: Date(epochSeconds: skeleton.end),
                records: output.records, isClass: skeleton.isClass))
        }
        plan.quality = planQuality(meetings: meetings, plan: plan)
        return Scenario(options: options, users: schedule.users, meetings: meetings, plan: plan)
    }

    /// After everything else, from its own stream per meeting: QoS changes nothing already generated.
    private func planQuality(meetings: [SimMeeting], plan: ScenarioPlan) -> QualityPlan {
        let drops = Dictionary(grouping: plan.drops, by: \.meetingIndex)
        let collectives = Dictionary(grouping: plan.collectives.indices.map { (index: $0, collective: plan.collectives[$0]) }, by: \.collective.meetingIndex)
        var quality = QualityPlan(collectiveCauses: Array(repeating: .unknown, count: plan.collectives.count))
        for (index, meeting) in meetings.enumerated() {
            var planner = MeetingQualityPlanner(
                meeting: meeting, random: SeededRandom(seed: options.seed, stream: Stream.quality.rawValue, index: UInt64(index)))
            let (meetingPlan, causes) = planner.run(drops: drops[index] ?? [], collectives: collectives[index] ?? [])
            quality.meetings.append(meetingPlan)
            for (collective, cause) in causes { quality.collectiveCauses[collective] = cause }
        }
        return quality
    }

    private func record(_ output: MeetingMaterializer.Output, meetingIndex: Int, into plan: inout ScenarioPlan) {
        let firstCollective = plan.collectives.count
        for badMoment in output.collectives {
            if let badMoment { plan.badMoments[badMoment].collectiveIndices.append(plan.collectives.count) }
            plan.collectives.append(PlannedCollective(meetingIndex: meetingIndex, dropIndices: [], badMoment: badMoment))
        }
        for drop in output.drops {
            let collective = drop.collectiveOrdinal.map { firstCollective + $0 }
            if let collective { plan.collectives[collective].dropIndices.append(plan.drops.count) }
            plan.drops.append(PlannedDrop(
                meetingIndex: meetingIndex, participantUUID: drop.participantUUID, name: drop.name,
                time: drop.time, reason: drop.reason, rejoinAt: drop.rejoinAt, collective: collective))
        }
    }

    private func candidateBlocks(for skeleton: MeetingSkeleton, using random: inout SeededRandom) -> [TimelineBlockKind] {
        var blocks: [TimelineBlockKind] = []
        guard !skeleton.guests.isEmpty else { return blocks }
        blocks += Array(repeating: .lateJoin, count: random.pick([0, 0, 1, 2]))
        blocks += Array(repeating: .voluntaryLeave, count: random.pick(skeleton.isClass ? [0, 0, 1, 1, 2] : [0, 1]))
        if skeleton.isClass {
            // Non-class meetings never get drops, so a topic filter cannot change the truth.
            for _ in 0..<random.pick([0, 1, 1, 2, 2, 3, 4]) {
                let reason: LeaveReason = random.chance(0.6) ? .networkError : .clientClose
                let roll = random.unit()
                let gap: Int? = roll < 0.7 ? random.int(in: 5...110) : roll < 0.85 ? random.int(in: 150...600) : nil
                blocks.append(.drop(reason: reason, rejoinAfter: gap))
            }
            if random.chance(0.15) { blocks.append(.breakout(length: random.int(in: 300...720))) }
            if random.chance(0.12) { blocks.append(.collective(badMoment: nil)) }
        }
        random.shuffle(&blocks)
        return blocks
    }

    /// Meeting UUIDs; every fourth one must be double-encoded (leading "/" or "//").
    private func makeUUIDs(count: Int) -> [String] {
        var random = SeededRandom(seed: options.seed, stream: Stream.uuids.rawValue)
        var used: Set<String> = []
        return (0..<count).map { index in
            let shape: ZoomIdentifiers.UUIDShape = switch index % 8 {
            case 0: .leadingSlash
            case 4: .doubleSlash
            default: .singleSpecial
            }
            while true {
                let uuid = ZoomIdentifiers.meetingUUID(shape: shape, using: &random)
                if used.insert(uuid).inserted { return uuid }
            }
        }
    }
}
