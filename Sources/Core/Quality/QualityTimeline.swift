/// The minutes of one person in one meeting that have QoS data, and which of them were poor: all the
/// incident analysis needs from the raw samples, and what remains of them after the retention period.
public struct QualityTimeline: Sendable, Hashable {
    public struct Minute: Sendable, Hashable {
        public var minute: UnixSeconds
        /// Why it was poor; `nil` for an ok minute.
        public var poor: PoorCause?

        public init(minute: UnixSeconds, poor: PoorCause?) {
            self.minute = minute
            self.poor = poor
        }
    }

    public var participantKey: String
    /// Ordered by minute, one entry per minute.
    public var minutes: [Minute]

    public init(participantKey: String, minutes: [Minute]) {
        self.participantKey = participantKey
        self.minutes = minutes.sorted { $0.minute < $1.minute }
    }

    public var poorMinutes: Int { minutes.reduce(0) { $0 + ($1.poor == nil ? 0 : 1) } }

    /// The cause behind most of this person's poor minutes (ties: the first in channel, metric order).
    public var worstCause: PoorCause? { Self.mostCommon(minutes.compactMap(\.poor)) }

    /// The minutes overlapping `[time − minutes × 60, time]`.
    public func window(endingAt time: UnixSeconds, minutes count: Int) -> ArraySlice<Minute> {
        let first = (time - Int64(count) * 60) - (((time - Int64(count) * 60) % 60) + 60) % 60
        let lower = minutes.partitionIndex { $0.minute >= first }
        let upper = minutes.partitionIndex { $0.minute > time }
        return minutes[lower..<max(lower, upper)]
    }

    /// Builds the timelines of a meeting from its merged samples (one per person and minute).
    public static func timelines(of samples: [QualitySample], settings: QualitySettings) -> [QualityTimeline] {
        var byPerson: [String: [Minute]] = [:]
        for sample in samples where sample.hasData {
            byPerson[sample.participantKey, default: []].append(Minute(minute: sample.minute, poor: settings.poorCause(of: sample)))
        }
        return byPerson.keys.sorted().map { QualityTimeline(participantKey: $0, minutes: byPerson[$0]!) }
    }

    static func mostCommon(_ causes: [PoorCause]) -> PoorCause? {
        guard !causes.isEmpty else { return nil }
        var counts: [PoorCause: Int] = [:]
        for cause in causes { counts[cause, default: 0] += 1 }
        return counts.max { a, b in
            a.value != b.value ? a.value < b.value : (a.key.channel.rawValue, a.key.metric.rawValue) > (b.key.channel.rawValue, b.key.metric.rawValue)
        }?.key
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array.
    func partitionIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
