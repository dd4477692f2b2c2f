import HTTPTypes

/// The `/restapi/v2` endpoints the fake serves.
enum ZohoRoute: Sendable, Hashable {
    case organizations
    case workspaces
    case views(workspace: String)
    case createTable(workspace: String)
    case importRows(workspace: String, view: String)
    case deleteRows(workspace: String, view: String)

    /// Import and DML calls need `ZANALYTICS-ORGID`; discovery calls do not.
    var needsOrganization: Bool {
        switch self {
        case .organizations, .workspaces, .views: false
        case .createTable, .importRows, .deleteRows: true
        }
    }

    var isImport: Bool {
        switch self {
        case .createTable, .importRows: true
        default: false
        }
    }

    static func match(method: HTTPRequest.Method, path: String) -> ZohoRoute? {
        var segments = path.split(separator: "/").map { PercentEncoding.decode(String($0)) }
        guard segments.starts(with: ["restapi", "v2"]) else { return nil }
        segments.removeFirst(2)
        switch (method, segments.count) {
        case (.get, 1) where segments == ["orgs"]: return .organizations
        case (.get, 1) where segments == ["workspaces"]: return .workspaces
        default: break
        }
        guard segments.count >= 3, segments[0] == "workspaces" else { return nil }
        let workspace = segments[1]
        switch (method, Array(segments.dropFirst(2))) {
        case (.get, ["views"]): return .views(workspace: workspace)
        case (.post, ["data"]): return .createTable(workspace: workspace)
        case (.post, let rest) where rest.count == 3 && rest[0] == "views" && rest[2] == "data":
            return .importRows(workspace: workspace, view: rest[1])
        case (.delete, let rest) where rest.count == 3 && rest[0] == "views" && rest[2] == "rows":
            return .deleteRows(workspace: workspace, view: rest[1])
        default: return nil
        }
    }
}
