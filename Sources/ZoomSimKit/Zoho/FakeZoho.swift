import Foundation
import Logging

/// A loopback Zoho Analytics REST API v2 (plus its accounts token endpoint) holding tables in
/// memory, for testing an exporter without Zoho.
///
/// ```swift
/// let zoho = FakeZoho()
/// try await zoho.withRunningServer { baseURL in
///     // accounts_url = api_url = baseURL: POST /oauth/v2/token, POST /restapi/v2/workspaces/…/data
/// }
/// zoho.rows(workspace: "ZoomDash", table: "episodes")
/// ```
public final class FakeZoho: Sendable {
    public let config: FakeZohoConfig
    private let account: SharedState<ZohoAccount>

    public init(config: FakeZohoConfig = .init()) {
        self.config = config
        self.account = SharedState(ZohoAccount(config: config))
    }

    /// Starts on a free port, runs `body` with the base URL ("http://127.0.0.1:PORT"), then stops.
    public func withRunningServer<T>(_ body: (_ baseURL: String) async throws -> T) async throws -> T {
        try await server.withRunning(host: "127.0.0.1", port: 0, body)
    }

    /// Serves until cancelled or, with `handleSignals`, until SIGTERM/SIGINT.
    public func run(
        host: String = "127.0.0.1",
        port: Int = 0,
        handleSignals: Bool = false,
        logger: Logger? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await server.run(host: host, port: port, handleSignals: handleSignals, logger: logger, onListening: onListening)
    }

    /// A table's rows as column → value (null cells read as ""); the workspace by id or name.
    /// Empty when the workspace or table does not exist.
    public func rows(workspace: String, table: String) -> [[String: String]] {
        account.withLock { $0.workspace(idOrName: workspace)?.tables.first { $0.name == table }?.rowDictionaries ?? [] }
    }

    /// Each table's columns, keyed by table name; the workspace by id or name.
    public func tables(workspace: String) -> [String: [FakeZohoColumn]] {
        account.withLock { account in
            let tables = account.workspace(idOrName: workspace)?.tables ?? []
            return Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0.columns.map(\.inspected)) })
        }
    }

    public var stats: FakeZohoStats { account.withLock { $0.stats } }

    /// The text `GET /fake/dump` serves.
    public var dump: String { account.withLock { $0.dump } }

    private var server: LoopbackServer<ZohoResponder> {
        LoopbackServer(responder: ZohoResponder(account: account, clock: config.clock), label: "zoomsim-zoho")
    }
}
