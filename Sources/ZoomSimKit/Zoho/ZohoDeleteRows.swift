import Foundation

/// `DELETE /workspaces/{ws}/views/{view}/rows` (data-api.json deleteRows).
extension ZohoAccount {
    mutating func deleteRows(workspace: String, viewID: String, configJSON: String?) throws(ZohoError) -> JSONValue {
        guard let configJSON, let config = (try? JSONSerialization.jsonObject(with: Data(configJSON.utf8))) as? [String: Any] else {
            throw .missingParameter("CONFIG")
        }
        let workspaceIndex = try workspaceIndex(workspace)
        guard let tableIndex = workspaces[workspaceIndex].tableIndex(viewID: viewID) else { throw .viewNotFound }
        var table = workspaces[workspaceIndex].tables[tableIndex]
        let before = table.rows.count
        switch (config["criteria"] as? String, config["deleteAllRows"] as? Bool) {
        case (nil, true?):
            table.rows.removeAll()
        case (let text?, nil), (let text?, false?):
            guard let criteria = ZohoCriteria.parse(text) else { throw .invalidParameter("criteria", text) }
            if let unknown = criteria.columns.first(where: { table.columnIndex($0) == nil }) {
                throw .invalidParameter("criteria", "no column named '\(unknown)'")
            }
            let columns = table.columns
            table.rows.removeAll { row in
                criteria.matches { name in columns.firstIndex { $0.name == name }.flatMap { row[$0] } }
            }
        default:
            // The schema asks for exactly one of the two.
            throw .missingParameter("criteria or deleteAllRows")
        }
        workspaces[workspaceIndex].tables[tableIndex] = table
        return Self.success([("deletedRows", .integer(before - table.rows.count))], summary: "Delete rows")
    }
}
