import Synchronization
import ZoomDashCore

/// The chat notifier's own clock (``ScheduledNotifier``): the daily digest and the presence feed.
extension ChatNotifier {
    /// How often the rooms are looked at when the presence feed is on.
    static let presenceInterval: UnixSeconds = 20

    public func tick(now: UnixSeconds) async throws -> UnixSeconds? {
        // After a long Retry-After nothing is sent before it; not an error, just later.
        let notBefore = state.withLock { $0.notBefore }
        if notBefore > Double(now) { return UnixSeconds(notBefore.rounded(.up)) }
        var next: [UnixSeconds] = []
        if let minute = settings.digestMinute { next.append(try await digest(now: now, minute: minute)) }
        if settings.presence { next.append(try await presenceFeed(now: now)) }
        return next.min()
    }

    /// Posts a message of the notifier's own within the per-minute limit, keeping `reserve` posts
    /// of the minute for incidents. false: no room now, nothing sent.
    func postOwn(_ message: ChatMessage, now: UnixSeconds, reserve: Int = 0) async throws -> Bool {
        let allowed = state.withLock { state in
            state.limiter.available(now: Double(now)) > reserve && state.limiter.take(now: Double(now))
        }
        guard allowed else { return false }
        try await send(message)
        return true
    }

    /// When the per-minute limit allows a post again.
    func nextAllowed(now: UnixSeconds) -> UnixSeconds {
        UnixSeconds(state.withLock { $0.limiter.nextAllowed(now: Double(now)) }.rounded(.up))
    }

    /// Whether `now` is in the quiet hours, and when they end.
    func quietUntil(_ now: UnixSeconds) -> UnixSeconds? {
        settings.policy.quietHours?.end(containing: now, in: settings.policy.timeZone)
    }
}
