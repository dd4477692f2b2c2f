/// Query-string or form-body parameters (`application/x-www-form-urlencoded`: "+" is a space).
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    init(_ encoded: Substring?) {
        guard let encoded else { return }
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.formDecode(parts[0])
            if values[key] == nil {
                values[key] = parts.count > 1 ? Self.formDecode(parts[1]) : ""
            }
        }
    }

    subscript(_ key: String) -> String? { values[key] }

    private static func formDecode(_ text: Substring) -> String {
        PercentEncoding.decode(text.replacingOccurrences(of: "+", with: " "))
    }
}

extension Substring {
    fileprivate func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
