import ZoomDashCore

/// Deterministic synthetic meetings for benchmarks: 25 people per meeting, a mix of clean sessions,
/// network drops with rejoins, breakout moves, and every 10th meeting a collective drop.
struct SyntheticSessions {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func next(_ bound: UInt64) -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (state >> 33) % bound
    }

    static let reasons = [
        "left the meeting. Reason : Host ended the meeting.",
        "got disconnected from the meeting. Reason : Network connection error.",
        "got disconnected from the meeting. Reason : Client Close.",
        "left the meeting. Reason : left the meeting to join breakout room",
        "Ann left the meeting.<br>Reason: left the meeting.",
    ]

    /// The sessions of meeting number `index`, about 40 per meeting.
    mutating func meeting(_ index: Int) -> [ParticipantSession] {
        let uuid = "M\(index)"
        let start = UnixSeconds(1_790_000_000 + index * 600)
        let end = start + 3000
        let collectiveAt: UnixSeconds? = index % 10 == 0 ? start + 1200 : nil
        var sessions: [ParticipantSession] = []
        sessions.reserveCapacity(40)
        for person in 0..<25 {
            let key = "uuid:P\(person)"
            var join = start + UnixSeconds(next(60))
            while join < end {
                var leave = end
                var reason = Self.reasons[0]
                if let drop = collectiveAt, person < 10, join < drop {
                    leave = drop + UnixSeconds(next(8))
                    reason = Self.reasons[1]
                } else if next(4) == 0 {
                    leave = join + 300 + UnixSeconds(next(1500))
                    reason = Self.reasons[1 + Int(next(4))]
                }
                leave = min(leave, end)
                sessions.append(
                    ParticipantSession(
                        meetingUUID: uuid, participantKey: key, joinTime: join, leaveTime: leave, name: "Person \(person)",
                        leaveReason: reason, source: .dashboard))
                join = leave == end ? end : leave + UnixSeconds(next(90))
            }
        }
        return sessions
    }
}
