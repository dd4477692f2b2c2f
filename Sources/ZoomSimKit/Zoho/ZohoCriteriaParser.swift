/// Recursive descent over criteria tokens; `and` binds tighter than `or`, as in SQL.
struct ZohoCriteriaParser {
    enum Token: Sendable, Hashable {
        case identifier(String)
        case text(String)
        case number(Double)
        case word(String)
        case symbol(String)
    }

    let tokens: [Token]
    private var position = 0

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    var isAtEnd: Bool { position == tokens.count }

    mutating func orExpression() -> ZohoCriteria? {
        guard var left = andExpression() else { return nil }
        while take(.word("or")) {
            guard let right = andExpression() else { return nil }
            left = .or(left, right)
        }
        return left
    }

    private mutating func andExpression() -> ZohoCriteria? {
        guard var left = term() else { return nil }
        while take(.word("and")) {
            guard let right = term() else { return nil }
            left = .and(left, right)
        }
        return left
    }

    private mutating func term() -> ZohoCriteria? {
        if take(.symbol("(")) {
            guard let inner = orExpression(), take(.symbol(")")) else { return nil }
            return inner
        }
        guard let column = columnName() else { return nil }
        if take(.symbol("=")) { return literal().map { .compare(column: column, equal: true, value: $0) } }
        if take(.symbol("!=")) || take(.symbol("<>")) { return literal().map { .compare(column: column, equal: false, value: $0) } }
        let negated = take(.word("not"))
        guard take(.word("in")), take(.symbol("(")) else { return nil }
        var values: [ZohoCriteria.Literal] = []
        repeat {
            guard let value = literal() else { return nil }
            values.append(value)
        } while take(.symbol(","))
        guard take(.symbol(")")) else { return nil }
        return .member(column: column, negated: negated, values: values)
    }

    /// `"col"` or `"Table"."col"` (the table qualifier is ignored: DML names one table).
    private mutating func columnName() -> String? {
        guard case .identifier(var name)? = next() else { return nil }
        while take(.symbol(".")) {
            guard case .identifier(let part)? = next() else { return nil }
            name = part
        }
        return name
    }

    private mutating func literal() -> ZohoCriteria.Literal? {
        switch next() {
        case .text(let text)?: .text(text)
        case .number(let number)?: .number(number)
        default: nil
        }
    }

    private mutating func next() -> Token? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    private mutating func take(_ token: Token) -> Bool {
        guard position < tokens.count, tokens[position] == token else { return false }
        position += 1
        return true
    }

    /// `"…"` identifiers (`""` escapes a quote), `'…'` strings (`''` escapes), numbers,
    /// lower-cased words, and the symbols `( ) , . = != <>`.
    static func tokenize(_ text: String) -> [Token]? {
        var tokens: [Token] = []
        var rest = Substring(text)
        while let character = rest.first {
            if character.isWhitespace {
                rest.removeFirst()
            } else if character == "\"" || character == "'" {
                guard let (quoted, remainder) = quoted(rest, by: character) else { return nil }
                tokens.append(character == "\"" ? .identifier(quoted) : .text(quoted))
                rest = remainder
            } else if let symbol = ["!=", "<>", "(", ")", ",", ".", "="].first(where: { rest.hasPrefix($0) }) {
                tokens.append(.symbol(symbol))
                rest = rest.dropFirst(symbol.count)
            } else if character.isNumber || character == "-" {
                let literal = rest.prefix { $0.isNumber || $0 == "." || $0 == "-" }
                guard let number = Double(literal) else { return nil }
                tokens.append(.number(number))
                rest = rest.dropFirst(literal.count)
            } else if character.isLetter {
                let word = rest.prefix { $0.isLetter }
                tokens.append(.word(word.lowercased()))
                rest = rest.dropFirst(word.count)
            } else {
                return nil
            }
        }
        return tokens
    }

    private static func quoted(_ text: Substring, by quote: Character) -> (String, Substring)? {
        var rest = text.dropFirst()
        var value = ""
        while let character = rest.popFirst() {
            guard character == quote else {
                value.append(character)
                continue
            }
            guard rest.first == quote else { return (value, rest) }
            value.append(quote)
            rest.removeFirst()
        }
        return nil
    }
}
