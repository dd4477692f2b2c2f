import Foundation

/// Everything mutable in a fake Zoho account, behind one lock so a request's checks, charges
/// and writes are atomic and the outcome does not depend on request interleaving.
struct ZohoAccount: Sendable {
    struct IssuedToken: Sendable {
        let expiresAt: Date
    }

    let config: FakeZohoConfig
    var workspaces: [ZohoWorkspace]
    var stats = FakeZohoStats()
    var tokens: [String: IssuedToken] = [:]
    /// Issue times per refresh token, for the 10-per-10-minutes rule.
    var tokenIssues: [String: [Date]] = [:]
    var tokenSequence: UInt64 = 0
    var viewSequence = 0
    var importCalls = 0
    var minuteWindow: (minute: Int, count: Int) = (Int.min, 0)
    var unitsDay = Int.min
    var tokensInvalidated = false

    init(config: FakeZohoConfig) {
        self.config = config
        self.workspaces = config.workspaces.map { ZohoWorkspace(id: $0.id, name: $0.name) }
    }

    mutating func recordError(_ error: ZohoError) {
        stats.errorsByCode[error.code, default: 0] += 1
    }

    func workspaceIndex(_ id: String) throws(ZohoError) -> Int {
        guard let index = workspaces.firstIndex(where: { $0.id == id }) else { throw .workspaceNotFound }
        return index
    }

    /// Inspection accepts the workspace's id or its name.
    func workspace(idOrName: String) -> ZohoWorkspace? {
        workspaces.first { $0.id == idOrName } ?? workspaces.first { $0.name == idOrName }
    }

    /// View ids look like Zoho's (workspace id + a sequence), and are reproducible.
    mutating func nextViewID(workspace: String) -> String {
        viewSequence += 1
        return workspace + String(1_000_000 + viewSequence)
    }
}
