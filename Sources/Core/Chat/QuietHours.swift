import Foundation

/// `quiet_hours = "22:00-06:00"`: a daily span of local time when nothing is posted. What falls in
/// it is held and sent, grouped, when it ends; never dropped. The span may cross midnight.
public struct QuietHours: Sendable, Hashable {
    /// Minutes after local midnight; `start == end` is refused when parsing.
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// `"22:00-06:00"`; nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.minute(of: String(parts[0])), let end = Self.minute(of: String(parts[1])), start != end
        else { return nil }
        self.init(startMinute: start, endMinute: end)
    }

    /// `"HH:MM"` (24 h) as minutes after midnight; nil when malformed.
    public static func minute(of text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
            (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }

    /// When the quiet span containing `time` ends, or nil when `time` is not in one.
    public func end(containing time: UnixSeconds, in zone: TimeZone) -> UnixSeconds? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let inside = startMinute < endMinute ? (minute >= startMinute && minute < endMinute) : (minute >= startMinute || minute < endMinute)
        guard inside else { return nil }
        // The next local time that is endMinute: today's, or tomorrow's when today's has passed.
        let wanted = DateComponents(hour: endMinute / 60, minute: endMinute % 60, second: 0)
        guard let next = calendar.nextDate(after: date, matching: wanted, matchingPolicy: .nextTime) else { return nil }
        return UnixSeconds(next.timeIntervalSince1970)
    }
}
