import Foundation

/// How a `FakeChatReceiver` misbehaves, so clients' retry and back-off paths can be tested.
public struct FakeChatConfig: Sendable {
    /// The first N hook requests are answered 500 (a chat server having a bad moment).
    public var failFirst: Int
    /// Hook requests admitted per clock minute; beyond it 429 with `Retry-After`. nil = unlimited.
    public var rateLimitPerMinute: Int?
    /// Mattermost hook ids that exist; nil accepts any id.
    public var hookIDs: Set<String>?
    /// Stamps messages and ticks the rate-limit window; tests pin it.
    public var clock: @Sendable () -> Date

    public init(
        failFirst: Int = 0,
        rateLimitPerMinute: Int? = nil,
        hookIDs: Set<String>? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.failFirst = failFirst
        self.rateLimitPerMinute = rateLimitPerMinute
        self.hookIDs = hookIDs
        self.clock = clock
    }
}
