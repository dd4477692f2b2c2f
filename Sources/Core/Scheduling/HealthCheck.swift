/// What `/healthz` reports: healthy when the store accepts writes and every enabled collector
/// succeeded within three of its intervals (a daemon younger than that is given the benefit of the
/// doubt). Pure, so every rule is tested without waiting for intervals to pass.
public struct HealthCheck: Sendable {
    public var collectors: [String: CollectorSchedule]
    public var startedAt: UnixSeconds

    public init(collectors: [String: CollectorSchedule], startedAt: UnixSeconds) {
        self.collectors = collectors
        self.startedAt = startedAt
    }

    /// - Parameters:
    ///   - storeError: why the store refused a probe write, or nil if it accepted it.
    ///   - lastSuccess: when each collector last finished a run successfully.
    /// - Returns: one sentence per problem; empty when healthy.
    public func problems(storeError: (any Error)?, lastSuccess: [String: UnixSeconds], now: UnixSeconds) -> [String] {
        var problems: [String] = []
        if let storeError { problems.append("store not writable: \(storeError)") }
        for (name, schedule) in collectors.sorted(by: { $0.key < $1.key }) where schedule.enabled {
            let allowed = 3 * schedule.intervalSeconds
            let since = lastSuccess[name] ?? startedAt
            if now - max(since, startedAt) > allowed {
                let when = lastSuccess[name] == nil ? "since the daemon started \(now - startedAt) s ago" : "for \(now - since) s"
                problems.append("collector \(name) has not succeeded \(when) (3 intervals = \(allowed) s)")
            }
        }
        return problems
    }
}
