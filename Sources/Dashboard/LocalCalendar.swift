import Foundation
import ZoomDashCore

/// Days, weeks and hours in the school's time zone (`[dashboard] timezone`), from and to UTC.
public struct LocalCalendar: Sendable {
    public let zone: TimeZone

    public init(zone: TimeZone) {
        self.zone = zone
    }

    public var identifier: String { zone.identifier }

    public func offset(at time: UnixSeconds) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(time))))
    }

    /// `YYYY-MM-DD` of the local day holding `time`.
    public func date(of time: UnixSeconds) -> String { ZoomTime.day(time + offset(at: time)) }

    /// The local hour of day (0–23) of `time`.
    public func hour(of time: UnixSeconds) -> Int {
        let local = time + offset(at: time)
        return Int(((local % 86_400) + 86_400) % 86_400 / 3600)
    }

    /// The Monday of the local week holding `date` (`YYYY-MM-DD`).
    public func weekStart(of date: String) -> String {
        guard let day = Self.epochDay(date) else { return date }
        // 1970-01-01 was a Thursday: days since a Monday are (day + 3) mod 7.
        let monday = day - ((day + 3) % 7 + 7) % 7
        return ZoomTime.day(monday * 86_400)
    }

    /// UTC time of local midnight at the start of `date`; nil when `date` is not `YYYY-MM-DD`.
    public func startOfDay(_ date: String) -> UnixSeconds? {
        guard let day = Self.epochDay(date) else { return nil }
        let midnightUTC = day * 86_400
        // The offset may differ between the guess and the answer around a DST change: look twice.
        let guess = midnightUTC - offset(at: midnightUTC)
        return midnightUTC - offset(at: guess)
    }

    /// The local midnight at or before `time`.
    public func startOfDay(containing time: UnixSeconds) -> UnixSeconds {
        startOfDay(date(of: time)) ?? time
    }

    static func epochDay(_ date: String) -> Int64? {
        let bytes = Array(date.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Int(date.prefix(4)), let month = Int(date.dropFirst(5).prefix(2)), let day = Int(date.suffix(2)),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        return ZoomTime.epochSeconds(year: year, month: month, day: day) / 86_400
    }
}
