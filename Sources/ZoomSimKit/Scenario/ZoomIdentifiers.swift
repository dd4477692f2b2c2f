/// Generators for Zoom-shaped identifiers.
enum ZoomIdentifiers {
    private static let plainAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    private static let userIDAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    private static let hex = Array("0123456789ABCDEF")

    /// How a meeting UUID stresses URL encoding.
    enum UUIDShape {
        /// Begins with "/": must be double-encoded.
        case leadingSlash
        /// Contains "//": must be double-encoded.
        case doubleSlash
        /// Exactly one "/" or "+" somewhere inside: single encoding is enough.
        case singleSpecial
    }

    /// A 24-character base64 UUID (16 bytes) like `4444AAAiAAAAAiAiAiiAii==`.
    static func meetingUUID(shape: UUIDShape, using random: inout SeededRandom) -> String {
        // 21 free characters, then one that only carries 2 bits (canonical 16-byte base64).
        var chars = (0..<21).map { _ in random.pick(plainAlphabet) }
        chars.append(random.pick(Array("AQgw")))
        switch shape {
        case .leadingSlash:
            chars[0] = "/"
        case .doubleSlash:
            let at = random.int(in: 2...18)
            chars[at] = "/"
            chars[at + 1] = "/"
        case .singleSpecial:
            chars[random.int(in: 1...20)] = random.chance(0.5) ? "/" : "+"
        }
        return String(chars) + "=="
    }

    /// 22-character user id like `KDcuGIm1QgePTO8WbOqwIQ`.
    static func userID(using random: inout SeededRandom) -> String {
        String((0..<22).map { _ in random.pick(userIDAlphabet) })
    }

    /// Uppercase GUID like `0EA4BD28-DB6C-2176-5ABA-ACAC2B90C2C6`.
    static func participantUUID(using random: inout SeededRandom) -> String {
        let digits = (0..<32).map { _ in random.pick(hex) }
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }
        return groups.joined(separator: "-")
    }

    /// Opaque alphanumeric token (page tokens, access tokens, tracking ids).
    static func opaqueToken(length: Int, using random: inout SeededRandom) -> String {
        String((0..<length).map { _ in random.pick(plainAlphabet) })
    }
}
