/// Parses and formats the date formats Zoom uses (docs/zoom-api-notes.md §7) without `DateFormatter`,
/// which is slow and locale-sensitive: ISO 8601 with `Z`, fractional seconds or `+hh:mm` offsets;
/// `yyyy-MM-dd HH:mm:ss[:SSS]`; and the Report API's `MM/dd/yyyy HH:mm`. All results are UTC.
public enum ZoomTime {
    public static func parse(_ text: String) -> UnixSeconds? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10 else { return nil }
        if bytes[2] == UInt8(ascii: "/") { return parseUSFormat(bytes) }
        guard let year = number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"), let day = number(bytes, 8, 2)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var index = 10
        if bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") {
            guard let h = number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"), let m = number(bytes, 14, 2) else {
                return nil
            }
            hour = h
            minute = m
            index = 16
            if bytes.count >= 19, bytes[16] == UInt8(ascii: ":"), let s = number(bytes, 17, 2) {
                second = s
                index = 19
            }
        }
        // Fractional seconds: ".837" (ISO) or ":216" (meeting_activities); dropped, Zoom's events are whole seconds.
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ":") {
            index += 1
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
        var offset = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"): break
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard let oh = number(bytes, index + 1, 2) else { return nil }
                let colon = index + 3 < bytes.count && bytes[index + 3] == UInt8(ascii: ":")
                let om = number(bytes, index + (colon ? 4 : 3), 2) ?? 0
                offset = (oh * 3600 + om * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            default: return nil
            }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        return epochSeconds(year: year, month: month, day: day) + Int64(hour * 3600 + minute * 60 + second - offset)
    }

    /// `MM/dd/yyyy HH:mm` (Report `pastJoined` times).
    private static func parseUSFormat(_ bytes: [UInt8]) -> UnixSeconds? {
        guard let month = number(bytes, 0, 2), let day = number(bytes, 3, 2), let year = number(bytes, 6, 4) else {
            return nil
        }
        var seconds = 0
        if bytes.count >= 16, let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2) {
            seconds = hour * 3600 + minute * 60
        }
        return epochSeconds(year: year, month: month, day: day) + Int64(seconds)
    }

    /// `2026-11-20T09:01:02Z`
    public static func iso8601(_ time: UnixSeconds) -> String {
        let (date, seconds) = civil(time)
        return date + "T" + clock(seconds) + "Z"
    }

    /// `2026-11-20 09:01:02`, the format Zoho Analytics imports with `dateFormat=yyyy-MM-dd HH:mm:ss`.
    public static func zohoDateTime(_ time: UnixSeconds) -> String {
        let (date, seconds) = civil(time)
        return date + " " + clock(seconds)
    }

    /// `2026-11-20`
    public static func day(_ time: UnixSeconds) -> String { civil(time).date }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func epochSeconds(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return (era * 146_097 + dayOfEra - 719_468) * 86_400
    }

    /// RFC 9110's IMF-fixdate (`Tue, 01 Dec 2026 21:37:05 GMT`), for HTTP's `Date` field.
    public static func httpDate(_ time: UnixSeconds) -> String {
        let (year, month, day, seconds) = components(time)
        let days = (time - Int64(seconds)) / 86_400
        let weekday = Int((days % 7 + 11) % 7)  // 1970-01-01 was a Thursday
        return "\(weekdays[weekday]), \(pad(day, 2)) \(months[month - 1]) \(pad(year, 4)) \(clock(seconds)) GMT"
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func civil(_ time: UnixSeconds) -> (date: String, seconds: Int) {
        let (year, month, day, seconds) = components(time)
        return ("\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))", seconds)
    }

    private static func components(_ time: UnixSeconds) -> (year: Int, month: Int, day: Int, seconds: Int) {
        let days = time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
        let seconds = Int(time - days * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day), seconds)
    }

    private static func clock(_ seconds: Int) -> String {
        "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ length: Int) -> Int? {
        guard start >= 0, start + length <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<start + length] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
