/// Checks imported cells against column types and applies `onError` (abort, skiprow,
/// setcolumnempty) the way Zoho's sync import reports it.
struct ZohoRowValidator: Sendable {
    struct Result: Sendable {
        /// Accepted rows, one optional cell per mapped column (nil = null).
        var rows: [[String?]] = []
        var warnings = 0
        var errors: [String] = []
    }

    /// Table column index for each header position; nil for a column the table lacks.
    let mapping: [Int?]
    let columns: [ZohoColumn]
    let config: ZohoImportConfig

    func validate(_ data: ZohoImportData) throws(ZohoError) -> Result {
        var result = Result()
        let firstDataLine = config.skipTop + 2
        rows: for (offset, row) in data.rows.enumerated() {
            var cells: [String?] = Array(repeating: nil, count: mapping.count)
            for (position, target) in mapping.enumerated() {
                guard let target, position < row.count, !row[position].isEmpty else { continue }
                let value = row[position]
                let column = columns[target]
                if column.type.accepts(value, dateFormat: config.dateFormat(for: column.name)) {
                    cells[position] = value
                    continue
                }
                let line = firstDataLine + offset
                switch config.onError {
                case .abort:
                    throw .invalidColumnValue(line: line, column: column.name, type: column.type, value: value)
                case .skiprow:
                    result.errors.append("Line \(line), column '\(column.name)': '\(value)' is not a valid \(column.type.displayName)")
                    continue rows
                case .setcolumnempty:
                    result.warnings += 1
                }
            }
            result.rows.append(cells)
        }
        return result
    }
}
