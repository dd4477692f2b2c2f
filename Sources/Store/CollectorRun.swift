import ZoomDashCore

/// One finished run of a collector (or of `zoomdashctl backfill`), as shown by `zoomdashctl status`.
public struct CollectorRun: Sendable, Hashable, Codable {
    public enum Result: String, Sendable, Codable {
        case ok
        case partial
        case error
    }

    public var collector: String
    public var startedAt: UnixSeconds
    public var finishedAt: UnixSeconds
    public var result: Result
    public var rows: Int
    public var apiCalls: Int
    public var error: String?

    public init(
        collector: String, startedAt: UnixSeconds, finishedAt: UnixSeconds, result: Result, rows: Int,
        apiCalls: Int, error: String?
    ) {
        self.collector = collector
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.result = result
        self.rows = rows
        self.apiCalls = apiCalls
        self.error = error
    }
}
