/// Where Zoom's account-level "bad moments" happen.
struct BadMomentSlot: Sendable {
    /// Epoch second the moment begins; every participating meeting drops within the next 30 s.
    let time: Int
    /// Meeting index → seconds after `time` when that meeting's collective drop begins.
    let offsets: [Int: Int]

    /// The interval no other meeting may use for anything (kept quiet account-wide).
    var zone: ClosedRange<Int> {
        time...(time + PlannedBadMoment.spread + TimelineBlock.collectiveLength)
    }
}

extension ScenarioGenerator {
    /// A few bad moments (about one per ten days), on evenly spread weekdays, each hitting 3–5
    /// class meetings that run in the same period.
    func planBadMoments(_ skeletons: [MeetingSkeleton]) -> [BadMomentSlot] {
        guard options.effectiveHosts >= 3 else { return [] }
        var random = SeededRandom(seed: options.seed, stream: Stream.badMoments.rawValue)
        let classIndices = skeletons.indices.filter { skeletons[$0].isClass && skeletons[$0].guests.count >= 6 }
        let days = Array(Set(classIndices.map { dayStart(skeletons[$0].start) })).sorted()
        guard !days.isEmpty else { return [] }
        let count = max(1, Int((Double(options.effectiveDays) / 10).rounded()))
        var slots: [BadMomentSlot] = []
        for ordinal in 0..<count {
            let day = days[min(days.count - 1, (ordinal + 1) * days.count / (count + 1))]
            guard slots.allSatisfy({ dayStart($0.time) != day }) else { continue }
            // Group the day's classes by period and take the busiest period.
            var byPeriod: [Int: [Int]] = [:]
            for index in classIndices where dayStart(skeletons[index].start) == day {
                byPeriod[period(of: skeletons[index].start - day), default: []].append(index)
            }
            guard let busiest = byPeriod.keys.sorted().max(by: { byPeriod[$0]!.count < byPeriod[$1]!.count }),
                let candidates = byPeriod[busiest], candidates.count >= 3
            else { continue }
            let chosen = Array(random.shuffled(candidates).prefix(random.int(in: 3...5))).sorted()
            let latestStart = chosen.map { skeletons[$0].start }.max()!
            let earliestEnd = chosen.map { skeletons[$0].end }.min()!
            let earliest = latestStart + 600
            let latest = earliestEnd - 160 - TimelineLayout.minimumGap - PlannedBadMoment.spread - TimelineBlock.collectiveLength
            guard earliest <= latest else { continue }
            let time = random.int(in: earliest...latest)
            var offsets: [Int: Int] = [:]
            for index in chosen { offsets[index] = random.int(in: 0...PlannedBadMoment.spread) }
            slots.append(BadMomentSlot(time: time, offsets: offsets))
        }
        return slots
    }

    private func dayStart(_ second: Int) -> Int {
        UTCTime.floorDiv(second, UTCTime.secondsPerDay) * UTCTime.secondsPerDay
    }

    private func period(of secondOfDay: Int) -> Int {
        let periods = SchoolCalendar.periodStartSeconds
        return periods.indices.min { abs(periods[$0] - secondOfDay) < abs(periods[$1] - secondOfDay) }!
    }
}
