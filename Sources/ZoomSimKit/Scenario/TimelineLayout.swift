/// One planned happening inside a meeting.
enum TimelineBlockKind: Sendable, Hashable {
    case lateJoin
    case voluntaryLeave
    /// An individual disconnection; `rejoinAfter` nil = never comes back.
    case drop(reason: LeaveReason, rejoinAfter: Int?)
    /// A class-wide breakout session lasting `length` seconds.
    case breakout(length: Int)
    /// A collective drop; `badMoment` is the account-level bad moment it belongs to, if any.
    case collective(badMoment: Int?)
    /// Nothing happens here (another meeting's bad moment is in progress).
    case quiet(length: Int)
}

struct TimelineBlock: Sendable, Hashable {
    var kind: TimelineBlockKind
    var start: Int

    /// How long the block keeps the meeting "busy": its last instant is `start + length`.
    var length: Int { TimelineBlock.length(of: kind) }
    var end: Int { start + length }

    /// Everyone drops within 8 s and is back 10–100 s after their own drop.
    static let collectiveSpread = 8
    static let collectiveLength = collectiveSpread + 100
    /// Breakout moves are spread over a few seconds, as when a host opens rooms.
    static let breakoutSpread = 3

    static func length(of kind: TimelineBlockKind) -> Int {
        switch kind {
        case .lateJoin, .voluntaryLeave: 0
        case .drop(_, let rejoinAfter): rejoinAfter ?? 0
        case .breakout(let length): length + breakoutSpread
        case .collective: collectiveLength
        case .quiet(let length): length
        }
    }
}

/// Places blocks strictly one after another with more than `minimumGap` seconds between the
/// last instant of a block and the first instant of the next.
///
/// Why sequential: this is what makes the ground truth exact. No two drops of a meeting are
/// within 150 s of each other, no join/leave happens near a collective drop (so "present" is
/// unambiguous), and nobody can be mid-reconnect when another block starts.
enum TimelineLayout {
    static let minimumGap = 151

    static func place(
        _ candidates: [TimelineBlockKind], window: ClosedRange<Int>, fixed: [TimelineBlock],
        using random: inout SeededRandom
    ) -> [TimelineBlock] {
        let segments = freeSegments(window: window, fixed: fixed)
        var assigned = Array(repeating: [TimelineBlockKind](), count: segments.count)
        var used = Array(repeating: 0, count: segments.count)
        for kind in candidates {
            let length = TimelineBlock.length(of: kind)
            for index in segments.indices {
                let needed = used[index] + (assigned[index].isEmpty ? 0 : minimumGap) + length
                if needed <= segments[index].upperBound - segments[index].lowerBound {
                    used[index] = needed
                    assigned[index].append(kind)
                    break
                }
            }
        }
        var placed = fixed
        for index in segments.indices where !assigned[index].isEmpty {
            let slack = segments[index].upperBound - segments[index].lowerBound - used[index]
            let weights = (0...assigned[index].count).map { _ in random.unit() + 0.05 }
            let total = weights.reduce(0, +)
            var cursor = segments[index].lowerBound
            for (position, kind) in assigned[index].enumerated() {
                cursor += Int(Double(slack) * weights[position] / total)
                placed.append(TimelineBlock(kind: kind, start: cursor))
                cursor += TimelineBlock.length(of: kind) + minimumGap
            }
        }
        return placed.sorted { $0.start < $1.start }
    }

    /// `window` minus every fixed block padded by the minimum gap on both sides.
    private static func freeSegments(window: ClosedRange<Int>, fixed: [TimelineBlock]) -> [ClosedRange<Int>] {
        var segments: [ClosedRange<Int>] = []
        var cursor = window.lowerBound
        for block in fixed.sorted(by: { $0.start < $1.start }) {
            let blockedFrom = block.start - minimumGap
            if blockedFrom > cursor { segments.append(cursor...min(blockedFrom, window.upperBound)) }
            cursor = max(cursor, block.end + minimumGap)
        }
        if cursor < window.upperBound { segments.append(cursor...window.upperBound) }
        return segments.filter { $0.upperBound > $0.lowerBound }
    }
}
