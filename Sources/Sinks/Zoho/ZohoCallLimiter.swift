/// Zoho counts API calls per minute for the whole organisation (100; error 6045 beyond). A sliding
/// window of the calls this sink made: a pure state machine, the executor sleeps when told.
struct ZohoCallLimiter: Sendable {
    let perMinute: Int
    private var calls: [Double] = []
    private var pausedUntil = 0.0

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// `nil`: call now (and it is counted); otherwise wait until that time and ask again.
    mutating func reserve(now: Double) -> Double? {
        if now < pausedUntil { return pausedUntil }
        calls.removeAll { $0 <= now - 60 }
        if calls.count >= perMinute { return calls[0] + 60 }
        calls.append(now)
        return nil
    }

    /// Zoho said 6045: nothing more until the minute has passed.
    mutating func rateLimited(now: Double) {
        pausedUntil = max(pausedUntil, now + 60)
    }
}
