import Foundation

/// Imported data as a header and rows of cells ("" is an empty cell), from CSV or JSON.
struct ZohoImportData: Sendable {
    let header: [String]
    let rows: [[String]]

    init(text: String, config: ZohoImportConfig) throws(ZohoError) {
        switch config.fileType {
        case .csv: try self.init(csv: text, delimiter: config.delimiter, skipTop: config.skipTop)
        case .json: try self.init(json: text)
        }
    }

    private init(csv: String, delimiter: Character, skipTop: Int) throws(ZohoError) {
        let records: [[String]]
        do {
            records = try CSVDocument.records(csv, delimiter: delimiter)
        } catch {
            throw .fileTypeMismatch("malformed CSV (\(error))")
        }
        let remaining = records.dropFirst(skipTop)
        guard let header = remaining.first else { throw .fileTypeMismatch("no header row") }
        self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
        self.rows = Array(remaining.dropFirst())
    }

    /// An array of flat objects; columns in order of first appearance (keys sorted within an
    /// object, since JSON objects are unordered).
    private init(json: String) throws(ZohoError) {
        guard let objects = try? JSONDecoder().decode([[String: JSONCell]].self, from: Data(json.utf8)) else {
            throw .fileTypeMismatch("expected a JSON array of flat objects")
        }
        var header: [String] = []
        for key in objects.flatMap({ $0.keys.sorted() }) where !header.contains(key) { header.append(key) }
        self.header = header
        self.rows = objects.map { object in header.map { object[$0]?.text ?? "" } }
    }
}

/// A scalar JSON cell; nested values are refused (retainColumnNames is not supported).
private struct JSONCell: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            text = ""
        } else if let flag = try? container.decode(Bool.self) {
            text = flag ? "true" : "false"
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else if let number = try? container.decode(Double.self) {
            text = String(number)
        } else {
            text = try container.decode(String.self)
        }
    }
}
