/// Builds Zoom API paths. Meeting UUIDs are base64 (`+ / =`), so they are always percent-encoded, and,
/// by Zoom's rule, encoded twice when they begin with `/` or contain `//` (docs/zoom-api-notes.md §2.4).
public enum ZoomPath {
    public static func meetingUUID(_ uuid: String) -> String {
        let once = percentEncode(uuid)
        return needsDoubleEncoding(uuid) ? percentEncode(once) : once
    }

    public static func needsDoubleEncoding(_ uuid: String) -> Bool {
        uuid.hasPrefix("/") || uuid.contains("//")
    }

    /// Encodes everything except RFC 3986 unreserved characters (so `/`, `+`, `=` and `%` are encoded).
    public static func percentEncode(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// `key=value&…` with both sides percent-encoded.
    public static func query(_ items: [(String, String)]) -> String {
        items.map { percentEncode($0.0) + "=" + percentEncode($0.1) }.joined(separator: "&")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
