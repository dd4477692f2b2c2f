/// Column data types of Zoho Analytics (the `columnDataTypes` enum of bulk-api.json).
enum ZohoDataType: String, Sendable, Hashable, Codable, CaseIterable {
    case plain = "PLAIN"
    case multiLine = "MULTI_LINE"
    case email = "EMAIL"
    case number = "NUMBER"
    case positiveNumber = "POSITIVE_NUMBER"
    case decimalNumber = "DECIMAL_NUMBER"
    case currency = "CURRENCY"
    case percent = "PERCENT"
    case date = "DATE"
    case boolean = "BOOLEAN"
    case url = "URL"
    case autoNumber = "AUTO_NUMBER"
    case geo = "GEO"

    /// The name Zoho shows in `columnDetails` (e.g. "Plain Text").
    var displayName: String {
        switch self {
        case .plain: "Plain Text"
        case .multiLine: "Multi Line Text"
        case .email: "E-Mail"
        case .number: "Number"
        case .positiveNumber: "Positive Number"
        case .decimalNumber: "Decimal Number"
        case .currency: "Currency"
        case .percent: "Percent"
        case .date: "Date"
        case .boolean: "Decision Box"
        case .url: "URL"
        case .autoNumber: "Auto Number"
        case .geo: "Geo"
        }
    }

    /// Whether a non-empty cell fits the column; empty cells are nulls and always fit.
    func accepts(_ value: String, dateFormat: ZohoDateFormat?) -> Bool {
        switch self {
        case .number: Int64(value) != nil
        case .positiveNumber: Int64(value).map { $0 >= 0 } ?? false
        case .decimalNumber, .currency: Self.isDecimal(value)
        case .percent: Self.isDecimal(value.hasSuffix("%") ? String(value.dropLast()) : value)
        case .date: (dateFormat.map { [$0] } ?? ZohoDateFormat.autoIdentified).contains { $0.matches(value) }
        case .boolean: Self.booleanWords.contains(value.lowercased())
        case .plain, .multiLine, .email, .url, .autoNumber, .geo: true
        }
    }

    /// The type Zoho's auto-identification would pick for a column with these cells.
    static func inferred(from values: [String], dateFormat: ZohoDateFormat?) -> ZohoDataType {
        let cells = values.filter { !$0.isEmpty }
        guard !cells.isEmpty else { return .plain }
        for candidate in [ZohoDataType.number, .decimalNumber, .date, .boolean]
        where cells.allSatisfy({ candidate.accepts($0, dateFormat: dateFormat) }) {
            return candidate
        }
        return cells.contains { $0.contains("\n") } ? .multiLine : .plain
    }

    private static let booleanWords: Set<String> = ["true", "false", "yes", "no"]

    /// Plain decimal notation only ("1.5", "-2", ".5"); no exponent, as Zoho's CSV import.
    private static func isDecimal(_ text: String) -> Bool {
        var digits = 0
        var dots = 0
        for (offset, character) in text.enumerated() {
            switch character {
            case "-" where offset == 0, "+" where offset == 0: continue
            case ".": dots += 1
            case "0"..."9": digits += 1
            default: return false
            }
        }
        return digits > 0 && dots <= 1
    }
}
