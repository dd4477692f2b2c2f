/// Failed logins per client address: after `allowed` failures within `window` seconds, that address
/// must wait, twice as long after each further failure (capped). Pure: the caller passes the time.
public struct LoginThrottle: Sendable {
    struct Record: Sendable {
        var failures: [Int64] = []
        var blockedUntil: Int64 = 0
        var penalty: Int64 = 0
    }

    public var allowed = 5
    public var window: Int64 = 300
    public var firstPenalty: Int64 = 30
    public var maxPenalty: Int64 = 900
    private var records: [String: Record] = [:]

    public init() {}

    /// Seconds to wait before this address may try again; 0 when it may now.
    public func wait(client: String, now: Int64) -> Int64 {
        max(0, (records[client]?.blockedUntil ?? 0) - now)
    }

    public mutating func failed(client: String, now: Int64) {
        var record = records[client] ?? Record()
        record.failures = record.failures.filter { now - $0 < window } + [now]
        if record.failures.count >= allowed {
            record.penalty = record.penalty == 0 ? firstPenalty : min(maxPenalty, record.penalty * 2)
            record.blockedUntil = now + record.penalty
        }
        records[client] = record
        if records.count > 10_000 { records = records.filter { now - ($0.value.failures.last ?? 0) < window || $0.value.blockedUntil > now } }
    }

    public mutating func succeeded(client: String) {
        records[client] = nil
    }
}
