/// One meeting's use in one quarter hour (UTC): how many participant-seconds it held, how many
/// connections began and how many people dropped. Summed over meetings, these give a disconnection
/// *rate* (drops per 100 participant-hours) for any day, week or hour of day in any time zone, from a
/// few thousand rows instead of millions of sessions. Quarter hours, because some zones are offset by
/// 30 or 45 minutes.
public struct UsageBucket: Sendable, Hashable {
    public static let seconds: Int64 = 900

    /// Unix time / 900.
    public var bucket: Int64
    public var participantSeconds: Int64 = 0
    public var sessions: Int64 = 0
    public var drops: Int64 = 0
    /// 1 in the quarter hour of the meeting's first connection, so meetings per day can be summed.
    public var meetings: Int64 = 0

    public init(bucket: Int64, participantSeconds: Int64 = 0, sessions: Int64 = 0, drops: Int64 = 0, meetings: Int64 = 0) {
        self.bucket = bucket
        self.participantSeconds = participantSeconds
        self.sessions = sessions
        self.drops = drops
        self.meetings = meetings
    }

    public var start: UnixSeconds { bucket * Self.seconds }

    /// Zoom ends a meeting after 30 hours at the longest (a licensed user's limit), so a connection
    /// still open that long after it began has lost its leave and its meeting's end (webhooks missed,
    /// no record fetched yet): it counts no further than that. Uncapped, such a connection grew its
    /// meeting by a quarter hour every quarter hour, and every live pass counted all of them again.
    public static let longestConnection: UnixSeconds = 30 * 3600

    /// A meeting's buckets from its sessions and the disconnections derived from them. A connection
    /// still open counts until `meetingEnd`, or `now` while the meeting goes on, and at most
    /// ``longestConnection`` from its start.
    public static func of(
        sessions: [ParticipantSession], disconnections: [Disconnection], meetingEnd: UnixSeconds?, now: UnixSeconds
    ) -> [UsageBucket] {
        guard !sessions.isEmpty || !disconnections.isEmpty else { return [] }
        // A meeting spans a few quarter hours, so they are counted in an array from its first one, not
        // a dictionary (this runs for every meeting of a re-analysis). Sessions are read by index:
        // a `for session in` copies every session, a dozen retains each.
        var first = Int64.max, last = Int64.min
        func end(_ index: Int) -> UnixSeconds {
            let join = sessions[index].joinTime
            return max(join, sessions[index].leaveTime ?? min(meetingEnd ?? now, now, join + longestConnection))
        }
        for index in sessions.indices {
            first = min(first, floorDiv(sessions[index].joinTime))
            last = max(last, floorDiv(end(index)))
        }
        for drop in disconnections {
            first = min(first, floorDiv(drop.time))
            last = max(last, floorDiv(drop.time))
        }
        var buckets = (first...last).map { UsageBucket(bucket: $0) }
        // Only the quarter hours something was counted in are rows.
        var counted = Array(repeating: false, count: buckets.count)
        func add(_ bucket: Int64, _ change: (inout UsageBucket) -> Void) {
            let slot = Int(bucket - first)
            change(&buckets[slot])
            counted[slot] = true
        }
        var firstJoin = Int64.max
        for index in sessions.indices {
            let start = sessions[index].joinTime
            let end = end(index)
            firstJoin = min(firstJoin, start)
            add(floorDiv(start)) { $0.sessions += 1 }
            var bucket = floorDiv(start)
            while bucket * seconds < end {
                let from = max(start, bucket * seconds)
                let to = min(end, (bucket + 1) * seconds)
                if to > from { add(bucket) { $0.participantSeconds += to - from } }
                bucket += 1
            }
        }
        if firstJoin != .max { add(floorDiv(firstJoin)) { $0.meetings = 1 } }
        for drop in disconnections { add(floorDiv(drop.time)) { $0.drops += 1 } }
        return buckets.indices.filter { counted[$0] }.map { buckets[$0] }
    }

    public static func floorDiv(_ time: UnixSeconds) -> Int64 {
        time >= 0 ? time / seconds : (time - seconds + 1) / seconds
    }
}
