/// Finds the line on which a dotted key (`analysis.collective_window_seconds`) is set.
///
/// TOMLKit reports positions for syntax errors only; semantic errors (unknown key, wrong type,
/// invalid regex) need the line too, so the source is scanned for `[table]` headers and `key =` lines.
struct TOMLKeyLocator: Sendable {
    private var lines: [String: Int] = [:]

    init(source: String) {
        var table = ""
        for (index, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") {
                let name = line.drop { $0 == "[" }.prefix { $0 != "]" }
                table = name.split(separator: ".").map { Self.unquote($0) }.joined(separator: ".")
                lines[table] = lines[table] ?? index + 1
                continue
            }
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            let key = Self.unquote(line[..<equals])
            guard !key.isEmpty else { continue }
            let path = table.isEmpty ? key : table + "." + key
            lines[path] = lines[path] ?? index + 1
        }
    }

    func line(of keyPath: String) -> Int? { lines[keyPath] }

    private static func unquote(_ text: Substring) -> String {
        var trimmed = text
        while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        if trimmed.count >= 2, let first = trimmed.first, first == "\"" || first == "'", trimmed.last == first {
            return String(trimmed.dropFirst().dropLast())
        }
        return String(trimmed)
    }
}
