import Foundation

/// How a `FakeChatReceiver` misbehaves, so clients' retry and back-off paths can be tested.
public struct FakeChatConfig: Sendable {
    /// The first N hook requests are answered 500 (a chat server having a bad moment).
    public var failFirst: Int
    /// Hook requests with these numbers (1-based, counting every request) are answered 500 too:
    /// a server that takes the first posts, then has its bad moment.
    public var failRequests: ClosedRange<Int>?
    /// Hook requests admitted per clock minute; beyond it 429 with `Retry-After`. nil = unlimited.
    public var rateLimitPerMinute: Int?
    /// Mattermost hook ids that exist; nil accepts any id.
    public var hookIDs: Set<String>?
    /// Stamps messages and ticks the rate-limit window; tests pin it.
    public var clock: @Sendable () -> Date

    public init(
        failFirst: Int = 0,
        failRequests: ClosedRange<Int>? = nil,
        rateLimitPerMinute: Int? = nil,
        hookIDs: Set<String>? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.failFirst = failFirst
        self.failRequests = failRequests
        self.rateLimitPerMinute = rateLimitPerMinute
        self.hookIDs = hookIDs
        self.clock = clock
    }
}
