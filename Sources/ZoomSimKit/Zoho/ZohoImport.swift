import Foundation

/// The two sync import endpoints: create a table from data, and import into a table.
extension ZohoAccount {
    /// `POST /workspaces/{ws}/data`: columns from the header, types from `columnDataTypes` or
    /// inferred, then an append.
    mutating func createTable(workspace: String, config: ZohoImportConfig, data: ZohoImportData, now: Date) throws(ZohoError) -> JSONValue {
        let workspaceIndex = try workspaceIndex(workspace)
        let name = config.tableName ?? ""
        guard workspaces[workspaceIndex].tableIndex(named: name) == nil else { throw .tableExists(name) }
        guard !data.header.isEmpty, !data.header.contains(""), Set(data.header).count == data.header.count else {
            throw .fileTypeMismatch("the header must name each column once")
        }
        let columns = data.header.enumerated().map { position, column in
            ZohoColumn(
                name: column,
                type: config.columnDataTypes[column]
                    ?? .inferred(from: data.rows.map { position < $0.count ? $0[position] : "" }, dateFormat: config.dateFormat(for: column)))
        }
        let validated = try ZohoRowValidator(mapping: columns.indices.map { $0 }, columns: columns, config: config).validate(data)
        try charge(units: Self.importCost(rows: data.rows.count, isUpdateAdd: false), now: now)
        let table = ZohoTable(viewID: nextViewID(workspace: workspace), name: name, columns: columns, rows: validated.rows)
        workspaces[workspaceIndex].tables.append(table)
        stats.imports += 1
        let summary = Self.summary(
            importType: .append, data: data, selected: columns, validated: validated, ignoredColumns: 0, operation: "created")
        return Self.success([("viewId", .string(table.viewID))] + summary)
    }

    /// `POST /workspaces/{ws}/views/{view}/data` with importType append, truncateadd or updateadd.
    mutating func importRows(
        workspace: String, viewID: String, config: ZohoImportConfig, data: ZohoImportData, now: Date
    ) throws(ZohoError) -> JSONValue {
        let workspaceIndex = try workspaceIndex(workspace)
        guard let tableIndex = workspaces[workspaceIndex].tableIndex(viewID: viewID) else { throw .viewNotFound }
        var table = workspaces[workspaceIndex].tables[tableIndex]
        let mapping = data.header.map { table.columnIndex($0) }
        guard mapping.contains(where: { $0 != nil }) else { throw .noColumnMatch }
        let keys = try matchingPositions(config, header: data.header, table: table)
        let validated = try ZohoRowValidator(mapping: mapping, columns: table.columns, config: config).validate(data)
        try charge(units: Self.importCost(rows: data.rows.count, isUpdateAdd: config.importType == .updateadd), now: now)

        if config.importType == .truncateadd { table.rows.removeAll() }
        // Rows by their key values, so an updateadd of n rows into a table of m costs n + m, not n × m.
        var byKey: [[String?]: [Int]] = [:]
        if !keys.isEmpty {
            for (position, row) in table.rows.enumerated() { byKey[keys.map { row[$0.1] }, default: []].append(position) }
        }
        for cells in validated.rows {
            apply(cells, mapping: mapping, keys: keys, to: &table, byKey: &byKey)
        }
        workspaces[workspaceIndex].tables[tableIndex] = table
        stats.imports += 1
        let selected = table.columns.indices.filter { mapping.contains($0) }.map { table.columns[$0] }
        let ignored = mapping.filter { $0 == nil }.count
        return Self.success(Self.summary(
            importType: config.importType, data: data, selected: selected, validated: validated, ignoredColumns: ignored,
            operation: "updated"))
    }

    /// updateadd keys as (header position, table column) pairs; every key must be imported.
    private func matchingPositions(_ config: ZohoImportConfig, header: [String], table: ZohoTable) throws(ZohoError) -> [(Int, Int)] {
        guard config.importType == .updateadd else { return [] }
        var keys: [(Int, Int)] = []
        for name in config.matchingColumns {
            guard let column = table.columnIndex(name), let position = header.firstIndex(of: name) else {
                throw .invalidParameter("matchingColumns", "'\(name)' is not a column of both the table and the data")
            }
            keys.append((position, column))
        }
        return keys
    }

    /// updateadd replaces the imported columns of every row whose keys equal the new row's and
    /// appends when none does; rows imported earlier in the same call count as existing.
    private func apply(
        _ cells: [String?], mapping: [Int?], keys: [(Int, Int)], to table: inout ZohoTable, byKey: inout [[String?]: [Int]]
    ) {
        let key = keys.map { cells[$0.0] }
        if !keys.isEmpty, let matches = byKey[key] {
            for index in matches {
                for (position, column) in mapping.enumerated() { if let column { table.rows[index][column] = cells[position] } }
            }
            return
        }
        var row = [String?](repeating: nil, count: table.columns.count)
        for (position, column) in mapping.enumerated() { if let column { row[column] = cells[position] } }
        table.rows.append(row)
        if !keys.isEmpty { byKey[key] = [table.rows.count - 1] }
    }

    private static func summary(
        importType: ZohoImportConfig.ImportType, data: ZohoImportData, selected: [ZohoColumn],
        validated: ZohoRowValidator.Result, ignoredColumns: Int, operation: String
    ) -> [(String, JSONValue)] {
        [
            ("importSummary", .object([
                ("importType", .string(importType.rawValue.uppercased())),
                ("totalColumnCount", .integer(data.header.count)),
                ("selectedColumnCount", .integer(selected.count)),
                ("totalRowCount", .integer(data.rows.count)),
                ("successRowCount", .integer(validated.rows.count)),
                ("warnings", .integer(validated.warnings + ignoredColumns)),
                ("importOperation", .string(operation)),
            ])),
            ("columnDetails", .object(selected.map { ($0.name, .string($0.type.displayName)) })),
            ("importErrors", .string(validated.errors.joined(separator: "\n"))),
        ]
    }

    static func success(_ data: [(String, JSONValue)], summary: String = "Import data") -> JSONValue {
        .object([("status", .string("success")), ("summary", .string(summary)), ("data", .object(data))])
    }
}
