import Foundation

/// UTC calendar arithmetic and the date formats Zoom uses.
///
/// Implemented by hand (civil-from-days, Howard Hinnant's algorithm) because `DateFormatter`
/// is neither fast nor `Sendable`, and every timestamp in the simulator is whole seconds in UTC.
public enum UTCTime {
    public static let secondsPerDay = 86_400

    public struct Civil: Sendable, Hashable {
        public var year: Int, month: Int, day: Int
        public var hour: Int = 0, minute: Int = 0, second: Int = 0
    }

    public static func civil(fromEpochSeconds seconds: Int) -> Civil {
        let days = floorDiv(seconds, secondsPerDay)
        let secondOfDay = seconds - days * secondsPerDay
        let (year, month, day) = civilFromDays(days)
        return Civil(
            year: year, month: month, day: day,
            hour: secondOfDay / 3600, minute: (secondOfDay % 3600) / 60, second: secondOfDay % 60)
    }

    public static func epochSeconds(_ civil: Civil) -> Int {
        daysFromCivil(civil.year, civil.month, civil.day) * secondsPerDay
            + civil.hour * 3600 + civil.minute * 60 + civil.second
    }

    /// `yyyy-MM-dd'T'HH:mm:ss'Z'`
    public static func iso8601(_ date: Date) -> String {
        iso8601(epochSeconds: Int(date.timeIntervalSince1970.rounded(.down)))
    }

    public static func iso8601(epochSeconds: Int) -> String {
        let c = civil(fromEpochSeconds: epochSeconds)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))Z"
    }

    /// `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`, for statistics where sub-second precision matters.
    public static func iso8601Milliseconds(_ date: Date) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let base = iso8601(epochSeconds: floorDiv(millis, 1000))
        return String(base.dropLast()) + "." + pad(millis - floorDiv(millis, 1000) * 1000, 3) + "Z"
    }

    /// `yyyy-MM-dd`
    public static func day(epochSeconds: Int) -> String {
        let c = civil(fromEpochSeconds: epochSeconds)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))"
    }

    /// Parses `yyyy-MM-dd` to the epoch second of that day's UTC midnight.
    public static func parseDay(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return daysFromCivil(year, month, day) * secondsPerDay
    }

    /// Parses `yyyy-MM-dd HH:mm:ss` (the 2023 Dashboard format) to epoch seconds.
    public static func parseDayTime(_ text: String) -> Int? {
        let halves = text.split(separator: " ", omittingEmptySubsequences: true)
        guard halves.count == 2, let midnight = parseDay(String(halves[0])) else { return nil }
        let clock = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, let h = Int(clock[0]), let m = Int(clock[1]), let s = Int(clock[2]),
            (0...23).contains(h), (0...59).contains(m), (0...59).contains(s)
        else { return nil }
        return midnight + h * 3600 + m * 60 + s
    }

    /// The HTTP `Date` form (RFC 9110 IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func httpDate(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let c = civil(fromEpochSeconds: seconds)
        let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][isoWeekday(epochSeconds: seconds) - 1]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][c.month - 1]
        return "\(weekday), \(pad(c.day)) \(month) \(pad(c.year, 4)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) GMT"
    }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public static func isoWeekday(epochSeconds: Int) -> Int {
        let days = floorDiv(epochSeconds, secondsPerDay)
        // 1970-01-01 was a Thursday (ISO 4).
        return ((days % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// The same day-of-month one calendar month later (clamped to the month's last day).
    public static func addingOneMonth(toDayStart epochSeconds: Int) -> Int {
        addingMonths(1, toDayStart: epochSeconds)
    }

    /// The same day `months` months later (earlier when negative), clamped to the month's last day.
    public static func addingMonths(_ months: Int, toDayStart epochSeconds: Int) -> Int {
        let c = civil(fromEpochSeconds: epochSeconds)
        let monthIndex = c.year * 12 + (c.month - 1) + months
        let year = floorDiv(monthIndex, 12)
        let month = monthIndex - year * 12 + 1
        return daysFromCivil(year, month, min(c.day, daysInMonth(year: year, month: month))) * secondsPerDay
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Date {
    init(epochSeconds: Int) {
        self.init(timeIntervalSince1970: TimeInterval(epochSeconds))
    }

    var epochSeconds: Int { Int(timeIntervalSince1970.rounded(.down)) }
}
