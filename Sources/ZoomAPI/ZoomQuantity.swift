/// Zoom's QoS figures are strings with units, spelled more than one way: `"27.15 kbps"`,
/// `"27.15kbps"`, `"126 ms"`, `"0.4%"`, `"12 fps"`, and `"1280*720"` for a resolution. `""`, `"-"`,
/// a missing key, or anything else that is not a number mean "no value".
public enum ZoomQuantity {
    /// The number at the start of `text`, after optional spaces, followed only by an optional unit.
    public static func parse(_ text: String) -> Double? {
        var scalars = Substring(text).unicodeScalars.drop { $0 == " " }
        var number = ""
        if scalars.first == "-" || scalars.first == "+" {
            number.unicodeScalars.append(scalars.removeFirst())
        }
        while let scalar = scalars.first, ("0"..."9").contains(scalar) || scalar == "." {
            number.unicodeScalars.append(scalars.removeFirst())
        }
        let unit = String(String.UnicodeScalarView(scalars)).trimmingSpaces.lowercased()
        guard !number.isEmpty, number.contains(where: \.isNumber), Self.units.contains(unit), let value = Double(number), value.isFinite else {
            return nil
        }
        return value
    }

    /// `"1280*720"` (also `"1280x720"`) → width and height.
    public static func resolution(_ text: String) -> (width: Int, height: Int)? {
        let parts = text.split(whereSeparator: { $0 == "*" || $0 == "x" || $0 == "X" }).map { String($0).trimmingSpaces }
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else { return nil }
        return (width, height)
    }

    static let units: Set<String> = ["", "kbps", "mbps", "ms", "%", "fps", "dbm"]
}

extension String {
    var trimmingSpaces: String {
        guard let first = firstIndex(where: { $0 != " " }) else { return "" }
        let last = lastIndex(where: { $0 != " " })!
        return String(self[first...last])
    }
}
