/// What the fake has been asked, for tests that check a client's pacing and quota use.
public struct FakeZohoStats: Sendable, Hashable {
    /// `/restapi/v2` calls admitted past authentication and the per-minute limit.
    public var calls = 0
    /// Import calls that changed data (create-table and import-into-table).
    public var imports = 0
    public var tokensIssued = 0
    /// Units charged today (UTC day), the figure `dailyUnits` is compared with.
    public var unitsUsed = 0
    /// Every error answered, keyed by Zoho's `errorCode`.
    public var errorsByCode: [Int: Int] = [:]

    public init() {}
}
