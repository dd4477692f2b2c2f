/// A column of a fake Zoho table.
public struct FakeZohoColumn: Sendable, Hashable, Codable {
    public var name: String
    /// Zoho's data type name as `columnDataTypes` spells it: "PLAIN", "NUMBER", "DATE", ….
    public var type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}

/// A column as the fake stores it.
struct ZohoColumn: Sendable, Hashable {
    let name: String
    let type: ZohoDataType

    var inspected: FakeZohoColumn { FakeZohoColumn(name: name, type: type.rawValue) }
}

/// One table view: its columns and rows (a nil cell is Zoho's null / empty value).
struct ZohoTable: Sendable {
    let viewID: String
    let name: String
    var columns: [ZohoColumn]
    var rows: [[String?]] = []

    func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// Rows as dictionaries; nulls read as "" (what Zoho's CSV export shows).
    var rowDictionaries: [[String: String]] {
        rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(columns, row).map { ($0.name, $1 ?? "") })
        }
    }
}

/// A workspace and its tables in creation order.
struct ZohoWorkspace: Sendable {
    let id: String
    let name: String
    var tables: [ZohoTable] = []

    func tableIndex(viewID: String) -> Int? { tables.firstIndex { $0.viewID == viewID } }
    func tableIndex(named name: String) -> Int? { tables.firstIndex { $0.name == name } }
}
