import Foundation

/// The `CONFIG` query parameter of the sync import endpoints (bulk-api.json ImportConfig*).
struct ZohoImportConfig: Sendable {
    enum ImportType: String, Sendable { case append, truncateadd, updateadd }
    enum FileType: String, Sendable { case csv, json }
    enum OnError: String, Sendable { case abort, skiprow, setcolumnempty }

    var tableName: String?
    var importType: ImportType
    var fileType: FileType
    var onError: OnError
    var matchingColumns: [String]
    var dateFormat: ZohoDateFormat?
    var columnDateFormats: [String: ZohoDateFormat]
    var columnDataTypes: [String: ZohoDataType]
    var skipTop: Int
    var delimiter: Character

    func dateFormat(for column: String) -> ZohoDateFormat? { columnDateFormats[column] ?? dateFormat }

    /// Required keys as the OAS marks them: `tableName` (new table) or `importType` (existing),
    /// plus `fileType` and `autoIdentify`. `onError` defaults to abort, as Zoho's does.
    init(json raw: String?, forNewTable: Bool) throws(ZohoError) {
        guard let raw, let object = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] else {
            throw .missingParameter("CONFIG")
        }
        if forNewTable {
            guard let name = object["tableName"] as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .missingParameter("tableName")
            }
            tableName = name
            importType = .append
        } else {
            tableName = nil
            importType = try Self.choice(object, "importType", required: true) ?? .append
        }
        fileType = try Self.choice(object, "fileType", required: true) ?? .csv
        guard object["autoIdentify"] is Bool || ["true", "false"].contains(object["autoIdentify"] as? String) else {
            throw object["autoIdentify"] == nil
                ? .missingParameter("autoIdentify") : .invalidParameter("autoIdentify", "must be true or false")
        }
        onError = try Self.choice(object, "onError", required: false) ?? .abort
        matchingColumns = object["matchingColumns"] as? [String] ?? []
        if importType == .updateadd, matchingColumns.isEmpty { throw .missingParameter("matchingColumns") }
        dateFormat = try (object["dateFormat"] as? String).map(Self.dateFormat)
        var columnDateFormats: [String: ZohoDateFormat] = [:]
        for (column, pattern) in object["columnDateFormat"] as? [String: String] ?? [:] {
            columnDateFormats[column] = try Self.dateFormat(pattern)
        }
        self.columnDateFormats = columnDateFormats
        columnDataTypes = try Self.dataTypes(object["columnDataTypes"])
        skipTop = object["skipTop"] as? Int ?? 0
        let delimiters: [Int: Character] = [0: ",", 1: "\t", 2: ";", 3: " "]
        guard let delimiter = delimiters[object["delimiter"] as? Int ?? 0] else {
            throw .invalidParameter("delimiter", "must be 0, 1, 2 or 3")
        }
        self.delimiter = delimiter
    }

    private static func choice<Choice: RawRepresentable<String>>(
        _ object: [String: Any], _ key: String, required: Bool
    ) throws(ZohoError) -> Choice? {
        guard let value = object[key] else {
            if required { throw .missingParameter(key) }
            return nil
        }
        guard let text = value as? String, let choice = Choice(rawValue: text.lowercased()) else {
            throw .invalidParameter(key, "\(value)")
        }
        return choice
    }

    private static func dateFormat(_ pattern: String) throws(ZohoError) -> ZohoDateFormat {
        guard let format = ZohoDateFormat(pattern: pattern) else { throw .invalidParameter("dateFormat", pattern) }
        return format
    }

    private static func dataTypes(_ value: Any?) throws(ZohoError) -> [String: ZohoDataType] {
        guard let value else { return [:] }
        guard let entries = value as? [[String: Any]] else { throw .invalidParameter("columnDataTypes", "must be an array") }
        var types: [String: ZohoDataType] = [:]
        for entry in entries {
            guard let name = entry["columnName"] as? String, let raw = entry["dataType"] as? String,
                let type = ZohoDataType(rawValue: raw.uppercased())
            else { throw .invalidParameter("columnDataTypes", "\(entry)") }
            types[name] = type
        }
        return types
    }
}
