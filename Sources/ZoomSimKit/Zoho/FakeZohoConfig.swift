import Foundation

/// A workspace the fake Zoho account owns.
public struct FakeZohoWorkspace: Sendable, Hashable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// Credentials, quotas and injected faults of one `FakeZoho` account.
public struct FakeZohoConfig: Sendable {
    public var clientID: String
    public var clientSecret: String
    public var refreshToken: String
    public var orgID: String
    public var workspaces: [FakeZohoWorkspace]
    public var tokenLifetimeSeconds: Int
    /// Overall API frequency per clock minute (Zoho's "OVERALL" row); beyond it error 6045.
    public var perMinuteLimit: Int
    /// Daily API units (Standard plan: 10,000); imports beyond them fail with 6044.
    public var dailyUnits: Int
    /// The first N import calls fail with HTTP 500 and error 7005, as Zoho does under load.
    public var failFirstImports: Int
    /// After this many API calls every access token issued so far stops working (8535), as an
    /// early expiry or a revocation would. Fires once.
    public var invalidateTokensAfter: Int?
    /// Seconds each import call takes to answer once its rows are in the table, as a large import
    /// does: a client killed while it waits has had its rows taken without hearing so.
    public var importLatency: Double
    /// Expires tokens, ticks the per-minute window and the daily quota; tests pin it.
    public var clock: @Sendable () -> Date

    public init(
        clientID: String = "zoho-client",
        clientSecret: String = "zoho-secret",
        refreshToken: String = "zoho-refresh",
        orgID: String = "60001234",
        workspaces: [FakeZohoWorkspace] = [FakeZohoWorkspace(id: "1767000000001", name: "ZoomDash")],
        tokenLifetimeSeconds: Int = 3600,
        perMinuteLimit: Int = 100,
        dailyUnits: Int = 10_000,
        failFirstImports: Int = 0,
        invalidateTokensAfter: Int? = nil,
        importLatency: Double = 0,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.orgID = orgID
        self.workspaces = workspaces
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.perMinuteLimit = perMinuteLimit
        self.dailyUnits = dailyUnits
        self.failFirstImports = failFirstImports
        self.invalidateTokensAfter = invalidateTokensAfter
        self.importLatency = importLatency
        self.clock = clock
    }

    /// The first workspace's id ("1767000000001" by default).
    public var workspaceID: String { workspaces.first?.id ?? "" }
    /// The first workspace's name ("ZoomDash" by default).
    public var workspaceName: String { workspaces.first?.name ?? "" }
}
