import Foundation
import Testing
import ZoomDashCore

/// Grouping, the flood limit, filters, quiet hours and significant updates, on a manual clock.
@Suite struct ChatPlannerTests {
    static let t0 = ChatCompositionTests.t0

    static func opened(_ id: Int64, incident: Int64? = nil, at time: UnixSeconds, _ value: Incident = ChatCompositionTests.meeting()) -> IncidentEvent {
        IncidentEvent(id: id, kind: .opened, time: time, incidentID: incident ?? id, incident: value)
    }

    static func updated(_ id: Int64, incident: Int64, at time: UnixSeconds, from: Incident, to: Incident) -> IncidentEvent {
        IncidentEvent(id: id, kind: .updated, time: time, incidentID: incident, incident: to, previous: from)
    }

    func plan(_ events: [IncidentEvent], policy: ChatPolicy = ChatPolicy(), ledger: ChatLedger = ChatLedger(), now: UnixSeconds, limiter: inout ChatRateLimiter) -> ChatPlanner.Plan {
        ChatPlanner(policy: policy).plan(events, ledger: ledger, limiter: &limiter, now: Double(now))
    }

    @Test func eventsWithinTheWindowAreOnePostAfterItCloses() {
        var limiter = ChatRateLimiter(perMinute: 6, now: 0)
        let events = [Self.opened(1, at: Self.t0), Self.opened(2, at: Self.t0 + 20, ChatCompositionTests.meeting("m2"))]
        let early = plan(events, now: Self.t0 + 30, limiter: &limiter)
        #expect(early.posts.isEmpty)
        #expect(early.holdUntil == Double(Self.t0 + 60))
        #expect(early.holdReason == .groupingWindow)
        #expect(early.heldEvents == 2)
        let due = plan(events, now: Self.t0 + 60, limiter: &limiter)
        #expect(due.posts.count == 1)
        #expect(due.posts[0].items.count == 2)
        #expect(due.posts[0].throughEventID == 2)
        #expect(due.holdUntil == nil)
    }

    @Test func anAccountIncidentAndItsMeetingsAreOneMessage() throws {
        var limiter = ChatRateLimiter(perMinute: 6, now: 0)
        let uuids = ["m1", "m2", "m3"]
        var events = uuids.enumerated().map { Self.opened(Int64($0.offset + 1), at: Self.t0 + Int64($0.offset) * 5, ChatCompositionTests.meeting($0.element)) }
        events.append(Self.opened(4, at: Self.t0 + 15, ChatCompositionTests.account(meetings: uuids)))
        let result = plan(events, now: Self.t0 + 300, limiter: &limiter)
        #expect(result.posts.count == 1)
        let message = try #require(ChatComposer(wording: ChatWording(timeZone: ChatCompositionTests.utc, now: Self.t0), context: ChatCompositionTests.context).message(result.posts[0].items))
        #expect(message.title == "Zoom bad moment")
        #expect(message.details.count == 3)
    }

    @Test func theFloodLimitMergesTheExcessIntoTheNextPost() {
        var policy = ChatPolicy()
        policy.maxMessagesPerMinute = 3
        policy.groupingWindow = 10
        var limiter = ChatRateLimiter(perMinute: 3, now: Double(Self.t0))
        // 10 incidents, 20 s apart: 10 groups.
        let events = (1...10).map { Self.opened(Int64($0), at: Self.t0 + Int64($0) * 20, ChatCompositionTests.meeting("u\($0)")) }
        let first = plan(events, policy: policy, now: Self.t0 + 400, limiter: &limiter)
        #expect(first.posts.count == 3)
        #expect(first.posts.map(\.items.count) == [1, 1, 8])
        #expect(first.posts.last?.throughEventID == 10)
        // The bucket is empty: the next incident waits for a token, and is not lost.
        let next = [Self.opened(11, at: Self.t0 + 400, ChatCompositionTests.meeting("u11"))]
        let held = plan(next, policy: policy, now: Self.t0 + 411, limiter: &limiter)
        #expect(held.posts.isEmpty)
        #expect(held.holdReason == .rateLimit)
        #expect(held.holdUntil == Double(Self.t0 + 420))
        let later = plan(next, policy: policy, now: Self.t0 + 420, limiter: &limiter)
        #expect(later.posts.count == 1)
    }

    @Test func theTokenBucketRefillsContinuously() {
        var bucket = ChatRateLimiter(perMinute: 6, now: 0)
        var taken: [Bool] = []
        for _ in 0..<7 { taken.append(bucket.take(now: 0)) }
        #expect(taken == Array(repeating: true, count: 6) + [false])
        let next = bucket.nextAllowed(now: 0)
        #expect(next == 10)
        let tooEarly = bucket.take(now: 9.9)
        let onTime = bucket.take(now: 10)
        #expect(!tooEarly && onTime)
        let refilled = bucket.available(now: 1000)
        #expect(refilled == 6)
    }

    @Test func filtersSkipWithoutHoldingTheCheckpoint() {
        var policy = ChatPolicy()
        policy.scopes = [.account]
        policy.minDropped = 20
        var limiter = ChatRateLimiter(perMinute: 6, now: 0)
        let result = plan([Self.opened(1, at: Self.t0), Self.opened(2, at: Self.t0 + 1, ChatCompositionTests.account(meetings: ["m1"], dropped: 5))], policy: policy, now: Self.t0 + 5, limiter: &limiter)
        #expect(result.posts.isEmpty)
        #expect(result.skippedThrough == 2)
        #expect(result.holdUntil == nil)
    }

    @Test func anUpdateCrossingMinDroppedPostsAsNew() {
        var policy = ChatPolicy()
        policy.minDropped = 10
        var limiter = ChatRateLimiter(perMinute: 6, now: 0)
        let small = ChatCompositionTests.meeting(dropped: 6)
        let big = ChatCompositionTests.meeting(dropped: 11)
        let result = plan([Self.updated(1, incident: 5, at: Self.t0, from: small, to: big)], policy: policy, now: Self.t0 + 60, limiter: &limiter)
        #expect(result.posts.first?.items.first?.kind == .new)
    }

    @Test func onlySignificantUpdatesPost() {
        let policy = ChatPolicy()
        let base = ChatCompositionTests.meeting(dropped: 12)
        #expect(!policy.isSignificant(ChatCompositionTests.meeting(dropped: 14), since: base))
        #expect(policy.isSignificant(ChatCompositionTests.meeting(dropped: 15), since: base))  // +25 %
        #expect(policy.isSignificant(ChatCompositionTests.meeting(dropped: 45), since: ChatCompositionTests.meeting(dropped: 40)))  // +5
        #expect(!policy.isSignificant(ChatCompositionTests.meeting(dropped: 44), since: ChatCompositionTests.meeting(dropped: 40)))
        #expect(policy.isSignificant(ChatCompositionTests.meeting(dropped: 12, cause: .zoomOrShared), since: base))  // cause changed
        var ledger = ChatLedger()
        let opened = Self.opened(1, incident: 7, at: Self.t0, base)
        ledger.settle([opened], posted: [ChatItem(kind: .new, incidentID: 7, incident: base)])
        var limiter = ChatRateLimiter(perMinute: 6, now: 0)
        // Creeping up one at a time: judged against what was posted, so the fourth step posts.
        let steps = (13...15).map { Self.updated(Int64($0), incident: 7, at: Self.t0 + 100 * Int64($0), from: ChatCompositionTests.meeting(dropped: $0 - 1), to: ChatCompositionTests.meeting(dropped: $0)) }
        let quiet = plan(Array(steps.prefix(2)), ledger: ledger, now: Self.t0 + 5000, limiter: &limiter)
        #expect(quiet.posts.isEmpty && quiet.skippedThrough == 14)
        ledger.settle(Array(steps.prefix(2)), posted: [])
        let grown = plan([steps[2]], ledger: ledger, now: Self.t0 + 5000, limiter: &limiter)
        #expect(grown.posts.count == 1)
        var all = ChatPolicy()
        all.updates = .all
        let everyStep = plan([steps[0]], policy: all, ledger: ledger, now: Self.t0 + 5000, limiter: &limiter)
        #expect(everyStep.posts.count == 1)
        var none = ChatPolicy()
        none.updates = .none
        let noUpdates = plan([steps[2]], policy: none, ledger: ledger, now: Self.t0 + 5000, limiter: &limiter)
        #expect(noUpdates.posts.isEmpty)
    }

    @Test func openedThenWithdrawnBeforePostingSaysNothing() {
        var limiter = ChatRateLimiter(perMinute: 6, now: 0)
        let value = ChatCompositionTests.meeting()
        let events = [Self.opened(1, incident: 3, at: Self.t0), IncidentEvent(id: 2, kind: .withdrawn, time: Self.t0 + 10, incidentID: 3, incident: value)]
        let result = plan(events, now: Self.t0 + 100, limiter: &limiter)
        #expect(result.posts.isEmpty)
        #expect(result.skippedThrough == 2)
        var noCorrections = ChatPolicy()
        noCorrections.withdrawals = false
        var ledger = ChatLedger()
        ledger.settle([events[0]], posted: [ChatItem(kind: .new, incidentID: 3, incident: value)])
        let silent = plan([events[1]], policy: noCorrections, ledger: ledger, now: Self.t0 + 100, limiter: &limiter)
        #expect(silent.posts.isEmpty)
        let corrected = plan([events[1]], ledger: ledger, now: Self.t0 + 100, limiter: &limiter)
        #expect(corrected.posts.first?.items.first?.kind == .withdrawn)
    }

    @Test func quietHoursHoldUntilTheyEndInTheirTimeZoneThenSendOneSummary() throws {
        var policy = ChatPolicy()
        policy.quietHours = QuietHours("22:00-06:00")
        policy.timeZone = try #require(TimeZone(identifier: "America/New_York"))
        var limiter = ChatRateLimiter(perMinute: 6, now: 0)
        // t0 is 05:14 in New York (EST, UTC-5): quiet until 06:00 local = 11:00 UTC.
        let events = [Self.opened(1, at: Self.t0), Self.opened(2, at: Self.t0 + 600, ChatCompositionTests.meeting("m2")), Self.opened(3, at: Self.t0 + 1200, ChatCompositionTests.meeting("m3"))]
        let held = plan(events, policy: policy, now: Self.t0 + 1300, limiter: &limiter)
        #expect(held.posts.isEmpty)
        #expect(held.holdReason == .quietHours)
        #expect(held.holdUntil == Double(Self.t0 + 46 * 60))
        let after = plan(events, policy: policy, now: Self.t0 + 46 * 60, limiter: &limiter)
        #expect(after.posts.count == 1)
        #expect(after.posts[0].items.count == 3)
    }

    @Test func quietHoursParseAndCrossMidnight() throws {
        #expect(QuietHours("22:00-06:00") == QuietHours(startMinute: 22 * 60, endMinute: 6 * 60))
        #expect(QuietHours("22:00") == nil)
        #expect(QuietHours("25:00-06:00") == nil)
        #expect(QuietHours("06:00-06:00") == nil)
        let daytime = try #require(QuietHours("12:00-13:00"))
        let utc = ChatCompositionTests.utc
        let noon = Self.t0 - Self.t0 % 86_400 + 12 * 3600
        #expect(daytime.end(containing: noon + 30, in: utc) == noon + 3600)
        #expect(daytime.end(containing: noon + 3600, in: utc) == nil)
        let night = try #require(QuietHours("22:00-06:00"))
        #expect(night.end(containing: noon + 11 * 3600, in: utc) == noon + 18 * 3600)
        #expect(night.end(containing: noon - 7 * 3600, in: utc) == noon - 6 * 3600)
    }
}
