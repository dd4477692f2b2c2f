import Foundation

/// Zoom account plans that change rate limits and Dashboard availability (docs/zoom-api-notes.md §3, §5.1).
public enum ZoomPlan: String, Sendable, Hashable, Codable, CaseIterable {
    case pro
    case business
    case enterprise
}

/// Everything that configures one simulator instance.
public struct SimulatorConfig: Sendable {
    public var scenario: ScenarioOptions
    public var plan: ZoomPlan
    /// The account's Dashboard feature flag; the Dashboard is never available on `pro`.
    public var dashboardEnabled: Bool
    public var accountID: String
    public var clientID: String
    public var clientSecret: String
    public var webhookSecret: String
    public var tokenTTLSeconds: Int
    public var pageTokenTTLSeconds: Int
    /// Fraction of API calls answered with an injected 500/502/503 (deterministic per call number).
    public var failureRate: Double
    /// Overrides the plan's daily Heavy + Resource-intensive cap.
    public var dailyLimit: Int?
    /// Multiplies every per-window limit (e.g. 0.1 → Heavy 4/s on Business). At least 1 remains.
    public var rateLimitScale: Double
    /// The token's `scope` list; nil: what the plan allows, by classic names (and nothing enforced).
    /// When set, calls the list does not cover answer 400 with code 4711, as Zoom does.
    public var scopes: [String]?
    /// How far the `Date` header of every answer is from the simulator's clock (a server whose clock
    /// is off, or a client whose clock is); 0 leaves the header as the HTTP server writes it.
    public var dateSkewSeconds: Int
    /// The simulator's notion of "now": meetings are visible once ended, tokens and page tokens
    /// expire, rate-limit windows tick. Tests can pin it.
    public var clock: @Sendable () -> Date

    public init(
        scenario: ScenarioOptions = ScenarioOptions(),
        plan: ZoomPlan = .business,
        dashboardEnabled: Bool = true,
        accountID: String = "sim-account",
        clientID: String = "sim-client",
        clientSecret: String = "sim-secret",
        webhookSecret: String = "sim-webhook-secret",
        tokenTTLSeconds: Int = 3600,
        pageTokenTTLSeconds: Int = 900,
        failureRate: Double = 0,
        dailyLimit: Int? = nil,
        rateLimitScale: Double = 1,
        scopes: [String]? = nil,
        dateSkewSeconds: Int = 0,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.scenario = scenario
        self.plan = plan
        self.dashboardEnabled = dashboardEnabled
        self.accountID = accountID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.webhookSecret = webhookSecret
        self.tokenTTLSeconds = tokenTTLSeconds
        self.pageTokenTTLSeconds = pageTokenTTLSeconds
        self.failureRate = failureRate
        self.dailyLimit = dailyLimit
        self.rateLimitScale = rateLimitScale
        self.scopes = scopes
        self.dateSkewSeconds = dateSkewSeconds
        self.clock = clock
    }

    public var dashboardAvailable: Bool { plan != .pro && dashboardEnabled }
}
