/// `GET /fake/dump`: a human-readable picture of every table, for the demo and for debugging.
extension ZohoAccount {
    static let dumpRowLimit = 20

    var dump: String {
        var lines: [String] = []
        for workspace in workspaces {
            lines.append("workspace \(workspace.name) (\(workspace.id)): \(workspace.tables.count) tables")
            for table in workspace.tables {
                lines.append("  table \(table.name) (viewId \(table.viewID)): \(table.rows.count) rows")
                lines.append("    columns: " + table.columns.map { "\($0.name) \($0.type.rawValue)" }.joined(separator: ", "))
                for row in table.rows.prefix(Self.dumpRowLimit) {
                    lines.append("    | " + row.map { $0 ?? "" }.joined(separator: " | "))
                }
                if table.rows.count > Self.dumpRowLimit { lines.append("    … \(table.rows.count - Self.dumpRowLimit) more") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
