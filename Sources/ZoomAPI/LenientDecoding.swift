import ZoomDashCore

/// Decoding that tolerates Zoom's quirks: ids as number or string, `""` for absent values, several
/// date formats, durations as `"hh:mm:ss"` or numbers, unit-suffixed numbers (`"27.15 kbps"`),
/// and fields of an unexpected type (ignored instead of failing the whole page).
extension KeyedDecodingContainer {
    /// A string, or a number rendered as a string; `nil` when absent, null or empty.
    func lenientString(_ key: Key) -> String? {
        if let text = try? decodeIfPresent(String.self, forKey: key) { return text.isEmpty ? nil : text }
        if let number = try? decodeIfPresent(Int64.self, forKey: key) { return String(number) }
        if let number = try? decodeIfPresent(Double.self, forKey: key) { return String(number) }
        return nil
    }

    /// An integer, or a string of digits (spaces allowed, as in "982 610 0285").
    func lenientInt64(_ key: Key) -> Int64? {
        if let number = try? decodeIfPresent(Int64.self, forKey: key) { return number }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return Int64(text.filter { $0 != " " }) }
        if let number = try? decodeIfPresent(Double.self, forKey: key) { return Int64(number) }
        return nil
    }

    func lenientBool(_ key: Key) -> Bool? {
        if let value = try? decodeIfPresent(Bool.self, forKey: key) { return value }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return ["true", "1", "yes"].contains(text.lowercased()) }
        if let number = try? decodeIfPresent(Int.self, forKey: key) { return number != 0 }
        return nil
    }

    func lenientTime(_ key: Key) -> UnixSeconds? {
        lenientString(key).flatMap(ZoomTime.parse)
    }

    /// `"56:07"`, `"01:56:07"`, or a plain number of the given unit.
    func lenientDurationSeconds(_ key: Key, numberUnitSeconds: Int64) -> Int64? {
        if let number = try? decodeIfPresent(Int64.self, forKey: key) { return number * numberUnitSeconds }
        guard let text = try? decodeIfPresent(String.self, forKey: key) else { return nil }
        let parts = text.split(separator: ":").compactMap { Int64($0) }
        guard !parts.isEmpty else { return nil }
        return parts.count == 1 ? parts[0] * numberUnitSeconds : parts.reduce(0) { $0 * 60 + $1 }
    }
}
