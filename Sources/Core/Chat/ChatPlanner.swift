/// Decides, at one moment, what to post from the events the channel has not handled yet: groups by
/// `grouping_window`, holds through quiet hours, and keeps to `max_messages_per_minute` by merging the
/// excess into the next post. Pure; the notifier posts the plan in order and checkpoints each post.
public struct ChatPlanner: Sendable {
    public struct Post: Sendable, Hashable {
        public var items: [ChatItem]
        /// Every event up to this id is settled once this is posted.
        public var throughEventID: Int64
        /// The events it settles (for the ledger).
        public var events: [IncidentEvent]
    }

    public enum HoldReason: String, Sendable, Hashable {
        case groupingWindow = "grouping window"
        case quietHours = "quiet hours"
        case rateLimit = "max_messages_per_minute"
    }

    public struct Plan: Sendable, Hashable {
        public var posts: [Post] = []
        /// Events up to this id need no post at all (filtered), when nothing is posted before them.
        public var skippedThrough: Int64?
        /// Events after the last post wait until then.
        public var holdUntil: Double?
        public var holdReason: HoldReason?
        public var heldEvents = 0
    }

    public var policy: ChatPolicy

    public init(policy: ChatPolicy) {
        self.policy = policy
    }

    struct Group {
        var events: [IncidentEvent]
        var start: UnixSeconds { events[0].time }
        var lastID: Int64 { events[events.count - 1].id }
    }

    /// - Parameter events: the unsettled events, oldest first.
    public func plan(_ events: [IncidentEvent], ledger: ChatLedger, limiter: inout ChatRateLimiter, now: Double) -> Plan {
        var plan = Plan()
        var groups: [Group] = []
        for event in events.sorted(by: { $0.id < $1.id }) {
            if let last = groups.last, event.time < last.start + policy.groupingWindow {
                groups[groups.count - 1].events.append(event)
            } else {
                groups.append(Group(events: [event]))
            }
        }
        let quietEnd = policy.quietHours?.end(containing: UnixSeconds(now.rounded(.down)), in: policy.timeZone)
        var working = ledger
        var pending: [(post: Post, quiet: Bool, before: ChatLedger)] = []
        for (index, group) in groups.enumerated() {
            let closed = index < groups.count - 1 || now >= Double(group.start + policy.groupingWindow)
            let items = working.items(for: group.events, policy: policy)
            if items.isEmpty {
                // Nothing to say: settled with the post before it, or on its own when none is.
                working.settle(group.events, posted: [])
                if pending.isEmpty { plan.skippedThrough = group.lastID } else {
                    pending[pending.count - 1].post.throughEventID = group.lastID
                    pending[pending.count - 1].post.events += group.events
                }
                continue
            }
            if let quietEnd {
                hold(&plan, groups[index...], until: Double(quietEnd), reason: .quietHours)
                break
            }
            if !closed {
                hold(&plan, groups[index...], until: Double(group.start + policy.groupingWindow), reason: .groupingWindow)
                break
            }
            let wasQuiet = policy.quietHours?.end(containing: group.start, in: policy.timeZone) != nil
            let post = Post(items: items, throughEventID: group.lastID, events: group.events)
            if wasQuiet, let last = pending.last, last.quiet {
                // Held through the same quiet hours: one summary when they end.
                pending[pending.count - 1].post = merge(last.post, post, ledger: last.before)
            } else {
                pending.append((post, wasQuiet, working))
            }
            working.settle(group.events, posted: items)
        }
        let allowed = limiter.available(now: now)
        if pending.count <= allowed {
            plan.posts = pending.map(\.post)
        } else if allowed >= 1 {
            plan.posts = pending.prefix(allowed - 1).map(\.post)
            // The excess goes out as one post, judged against what the channel knew before it.
            let rest = Array(pending.dropFirst(allowed - 1))
            let before = rest[0].before
            plan.posts.append(rest.dropFirst().reduce(rest[0].post) { merge($0, $1.post, ledger: before) })
        } else if !pending.isEmpty {
            let held = pending.reduce(0) { $0 + $1.post.events.count }
            plan.heldEvents += held
            plan.holdUntil = min(plan.holdUntil ?? .infinity, limiter.nextAllowed(now: now))
            plan.holdReason = .rateLimit
        }
        for _ in plan.posts { _ = limiter.take(now: now) }
        return plan
    }

    private func hold(_ plan: inout Plan, _ groups: ArraySlice<Group>, until: Double, reason: HoldReason) {
        plan.heldEvents = groups.reduce(0) { $0 + $1.events.count }
        plan.holdUntil = until
        plan.holdReason = reason
    }

    /// Two posts as one: every incident once, with what the channel is told last, judged against
    /// what it was told before the first.
    func merge(_ first: Post, _ second: Post, ledger: ChatLedger) -> Post {
        let events = first.events + second.events
        return Post(items: ledger.items(for: events, policy: policy), throughEventID: max(first.throughEventID, second.throughEventID), events: events)
    }
}
