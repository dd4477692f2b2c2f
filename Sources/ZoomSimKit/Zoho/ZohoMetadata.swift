/// The discovery calls (`GET /orgs`, `/workspaces`, `/workspaces/{ws}/views`) in Zoho's v2 shapes.
extension ZohoAccount {
    var organizations: JSONValue {
        Self.success([("orgs", .array([.object([
            ("orgId", .string(config.orgID)),
            ("orgName", .string(config.workspaceName)),
            ("orgDesc", .string("")),
            ("planName", .string("Standard")),
            ("type", .string("Owner")),
            ("createdBy", .string("owner@zoomdash.example")),
            ("isDefault", .bool(true)),
        ])]))], summary: "Get organizations")
    }

    var workspaceList: JSONValue {
        let owned = workspaces.map { workspace in
            JSONValue.object([
                ("workspaceId", .string(workspace.id)),
                ("workspaceName", .string(workspace.name)),
                ("workspaceDesc", .string("")),
                ("orgId", .string(config.orgID)),
                ("createdBy", .string("owner@zoomdash.example")),
                ("isDefault", .bool(workspace.id == config.workspaceID)),
            ])
        }
        return Self.success([("ownedWorkspaces", .array(owned)), ("sharedWorkspaces", .array([]))], summary: "Get all workspaces")
    }

    func views(workspace: String) throws(ZohoError) -> JSONValue {
        let tables = workspaces[try workspaceIndex(workspace)].tables
        let views = tables.map { table in
            JSONValue.object([
                ("viewId", .string(table.viewID)),
                ("viewName", .string(table.name)),
                ("viewDesc", .string("")),
                ("viewType", .string("Table")),
                ("parentViewId", .string("")),
                ("workspaceId", .string(workspace)),
            ])
        }
        return Self.success([("views", .array(views))], summary: "Get views")
    }
}
