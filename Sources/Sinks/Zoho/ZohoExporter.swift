import Foundation
import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage

/// `[sinks.NAME] type = "zoho"`: keeps tables of a Zoho Analytics workspace equal to the store's
/// disconnections, incidents (with their causes), meeting quality, meeting alerts and a daily summary
/// per class. Tables are created on first use with explicit column types; rows are imported with
/// `updateadd` on `row_key`, so a retry, a re-run or a `reanalyze` updates rows instead of adding
/// them, and rows that are gone from the store (a threshold change) are deleted. The store remembers
/// what each table holds (a key and a content hash per row), so a run sends only what changed,
/// in batches within Zoho's limits, and records each batch once Zoho confirmed it.
public struct ZohoExporter: Exporter, PluginType {
    public static let type = "zoho"

    public let name: String
    let settings: ZohoSettings
    let api: ZohoAPI
    let state: ZoomDashStore?
    let logger: Logger

    public static func settings(from section: ConfigSection) throws(ConfigError) -> ZohoSettings {
        try ZohoSettings.read(section)
    }

    public init(name: String, settings: ZohoSettings, dependencies: ExporterDependencies) {
        self.init(
            name: name, settings: settings, dependencies: dependencies,
            now: { Date().timeIntervalSince1970 }, sleep: { try await Task.sleep(for: .milliseconds(Int64($0 * 1000))) })
    }

    init(
        name: String, settings: ZohoSettings, dependencies: ExporterDependencies, now: @escaping @Sendable () -> Double,
        sleep: @escaping @Sendable (Double) async throws -> Void
    ) {
        self.name = name
        self.settings = settings
        self.state = dependencies.store
        self.logger = dependencies.logger
        api = ZohoAPI(settings: settings, http: dependencies.http, logger: dependencies.logger, now: now, sleep: sleep)
    }

    public func export(_ context: ExportContext) async throws -> ExportReport {
        guard let state else { throw SinkError.noStore(sink: name) }
        let workspace = try await workspaceID()
        var views = try await viewIDs(workspace: workspace)
        let wanted = Set(context.tables.flatMap { table -> [ZohoTable.Source] in
            switch table {
            case .disconnections: [.disconnections]
            case .incidents: [.incidents]
            case .presence: []
            }
        })
        var report = ExportReport()
        let sync = ZohoTableSync(sink: name, settings: settings, api: api, state: state, workspace: workspace, logger: logger)
        for table in settings.tables where !table.source.isDisjoint(with: wanted) {
            do {
                let outcome = try await sync.run(table, rows: rows(of: table, context: context), view: views[table.rawValue],
                                                  deletes: context.from == nil && context.to == nil, progress: context.progress)
                views[table.rawValue] = outcome.view
                report.rows[table.rawValue] = outcome.sent
                report.problems += outcome.problems
            } catch let error as SinkError {
                // One table's failure (units used up, a rejected file) must not keep the others from
                // being sent; what was not confirmed stays pending for the next run.
                report.problems.append("\(table.rawValue): \(error)")
                if case .zohoUnitsUsedUp = error { break }
                if case .zohoAuthentication = error { throw error }
            }
        }
        return report
    }

    /// The configured workspace's id (it may be given by name).
    private func workspaceID() async throws -> String {
        let data = try await api.call("GET", "/workspaces")
        let workspaces = ((data["ownedWorkspaces"] as? [[String: Any]]) ?? []) + ((data["sharedWorkspaces"] as? [[String: Any]]) ?? [])
        let pairs = workspaces.compactMap { item -> (id: String, name: String)? in
            guard let id = item["workspaceId"].map({ "\($0)" }) else { return nil }
            return (id, item["workspaceName"] as? String ?? "")
        }
        if let match = pairs.first(where: { $0.id == settings.workspace || $0.name == settings.workspace }) { return match.id }
        throw SinkError.zohoWorkspaceNotFound(workspace: settings.workspace, known: pairs.map(\.name))
    }

    private func viewIDs(workspace: String) async throws -> [String: String] {
        let data = try await api.call("GET", "/workspaces/\(workspace)/views")
        var result: [String: String] = [:]
        for view in (data["views"] as? [[String: Any]]) ?? [] {
            if let name = view["viewName"] as? String, let id = view["viewId"] { result[name] = "\(id)" }
        }
        return result
    }

    /// The table's rows, page by page (disconnections can be millions).
    private func rows(of table: ZohoTable, context: ExportContext) -> ZohoRowPages {
        ZohoRowPages(table: table, store: context.store, from: context.from, to: context.to)
    }
}
