/// The SQL-like `criteria` of the DML APIs: `"col"='v'`, `"Table"."col"=12`, `<>`/`!=`,
/// `[not] in ('a','b')`, combined with `and`/`or` and parentheses.
indirect enum ZohoCriteria: Sendable {
    case compare(column: String, equal: Bool, value: Literal)
    case member(column: String, negated: Bool, values: [Literal])
    case and(ZohoCriteria, ZohoCriteria)
    case or(ZohoCriteria, ZohoCriteria)

    enum Literal: Sendable, Hashable {
        case text(String)
        case number(Double)

        /// Numbers compare numerically ("12" = 12.0); text compares exactly.
        func matches(_ cell: String?) -> Bool {
            switch self {
            case .text(let text): (cell ?? "") == text
            case .number(let number): cell.flatMap(Double.init) == number
            }
        }
    }

    var columns: [String] {
        switch self {
        case .compare(let column, _, _), .member(let column, _, _): [column]
        case .and(let left, let right), .or(let left, let right): left.columns + right.columns
        }
    }

    func matches(_ cell: (String) -> String?) -> Bool {
        switch self {
        case .compare(let column, let equal, let value): value.matches(cell(column)) == equal
        case .member(let column, let negated, let values): values.contains { $0.matches(cell(column)) } != negated
        case .and(let left, let right): left.matches(cell) && right.matches(cell)
        case .or(let left, let right): left.matches(cell) || right.matches(cell)
        }
    }

    static func parse(_ text: String) -> ZohoCriteria? {
        var parser = ZohoCriteriaParser(tokens: ZohoCriteriaParser.tokenize(text) ?? [])
        guard !parser.tokens.isEmpty, let criteria = parser.orExpression(), parser.isAtEnd else { return nil }
        return criteria
    }
}
