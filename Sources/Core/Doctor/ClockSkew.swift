/// How far this machine's clock is from a server's, from the server's `Date` header (RFC 9110
/// IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, whole seconds) and when the request went out and its
/// answer came back by the local clock.
public struct ClockSkew: Sendable, Hashable {
    /// Server minus local, in seconds: positive when this machine is behind.
    public var seconds: Double
    /// How much of that the measurement cannot tell apart from zero: half the round trip, plus the
    /// header's rounding down to the second.
    public var uncertainty: Double

    public init?(dateHeader: String, sentAt: Double, receivedAt: Double) {
        guard let server = Self.parseHTTPDate(dateHeader) else { return nil }
        let local = (sentAt + receivedAt) / 2
        seconds = Double(server) + 0.5 - local
        uncertainty = max(0, receivedAt - sentAt) / 2 + 0.5
    }

    /// The skew beyond what the measurement can explain (0 when within it).
    public var atLeast: Double { max(0, abs(seconds) - uncertainty) }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`; nil for anything else (the obsolete formats are not sent by
    /// servers that matter here).
    public static func parseHTTPDate(_ text: String) -> UnixSeconds? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Int(parts[1]), let year = Int(parts[3]),
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].firstIndex(of: String(parts[2]))
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        return ZoomTime.epochSeconds(year: year, month: month + 1, day: day) + Int64(hour * 3600 + minute * 60 + second)
    }
}
