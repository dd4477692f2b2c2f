/// A Zoho custom date pattern ("yyyy-MM-dd HH:mm:ss", "dd/MM/yyyy", "dd-MMM-yyyy hh:mm a", …)
/// compiled to a validating matcher. Zoho help "Custom Date Format" lists the letters.
struct ZohoDateFormat: Sendable, Hashable {
    private enum Field: Sendable, Hashable {
        case year4, year2, month, monthName, day, hour24, hour12, minute, second, millisecond, meridiem
        case literal(Character)
    }

    let pattern: String
    private let fields: [Field]

    /// What auto-identification tries when the client gave no `dateFormat`.
    static let autoIdentified = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd", "dd-MMM-yyyy"]
        .compactMap(ZohoDateFormat.init(pattern:))

    init?(pattern: String) {
        var fields: [Field] = []
        var rest = Substring(pattern)
        while let letter = rest.first {
            let run = rest.prefix { $0 == letter }.count
            rest = rest.dropFirst(run)
            switch (letter, run) {
            case ("y", 4), ("Y", 4): fields.append(.year4)
            case ("y", 2), ("Y", 2): fields.append(.year2)
            case ("M", 1...2): fields.append(.month)
            case ("M", 3...4): fields.append(.monthName)
            case ("d", 1...2): fields.append(.day)
            case ("H", 1...2): fields.append(.hour24)
            case ("h", 1...2): fields.append(.hour12)
            case ("m", 1...2): fields.append(.minute)
            case ("s", 1...2): fields.append(.second)
            case ("S", 3): fields.append(.millisecond)
            case ("a", 1): fields.append(.meridiem)
            case _ where !letter.isLetter: fields += Array(repeating: .literal(letter), count: run)
            default: return nil
            }
        }
        guard !fields.isEmpty else { return nil }
        self.pattern = pattern
        self.fields = fields
    }

    /// True when `text` is exactly a valid date in this pattern (calendar-checked).
    func matches(_ text: String) -> Bool {
        var rest = Substring(text)
        var year = 2000, month = 1, day = 1
        for field in fields {
            switch field {
            case .literal(let character):
                guard rest.first == character else { return false }
                rest = rest.dropFirst()
            case .monthName:
                guard let index = Self.monthNames.firstIndex(where: { rest.lowercased().hasPrefix($0) }) else { return false }
                let full = Self.fullMonthNames[index]
                rest = rest.dropFirst(rest.lowercased().hasPrefix(full) ? full.count : 3)
                month = index + 1
            case .meridiem:
                let marker = rest.prefix(2).uppercased()
                guard marker == "AM" || marker == "PM" else { return false }
                rest = rest.dropFirst(2)
            default:
                guard let (value, remainder) = Self.number(rest, field: field) else { return false }
                rest = remainder
                switch field {
                case .year4: year = value
                case .year2: year = 2000 + value
                case .month: month = value
                case .day: day = value
                case .hour24: guard value <= 23 else { return false }
                case .hour12: guard (1...12).contains(value) else { return false }
                case .minute, .second: guard value <= 59 else { return false }
                default: break
                }
            }
        }
        return rest.isEmpty && (1...12).contains(month) && (1...Self.daysIn(month: month, year: year)).contains(day)
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let fullMonthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]

    /// Fixed-width fields take exactly their width; the others one or two digits.
    private static func number(_ text: Substring, field: Field) -> (Int, Substring)? {
        let width: ClosedRange<Int> = switch field {
        case .year4: 4...4
        case .millisecond: 3...3
        default: 1...2
        }
        let digits = text.prefix(width.upperBound).prefix { $0.isASCII && $0.isNumber }
        guard width.contains(digits.count), let value = Int(digits) else { return nil }
        return (value, text.dropFirst(digits.count))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
