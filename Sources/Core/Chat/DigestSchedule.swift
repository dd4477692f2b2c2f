import Foundation

/// When a channel's daily digest is due (`digest = "07:00"` in the channel's `timezone`) and which
/// local day it tells of: on each local day, from the digest time until midnight, the digest of
/// the day before is due. A day whose whole window the daemon missed (down from before the digest
/// time until midnight) is not sent late: the next digest comes at its time, and the incidents
/// export has the rest; no burst of old digests after a downtime. Pure: the notifier passes the time.
public struct DigestSchedule: Sendable, Hashable {
    /// Minutes after local midnight.
    public var minute: Int
    public var timeZone: TimeZone

    public init(minute: Int, timeZone: TimeZone) {
        self.minute = minute
        self.timeZone = timeZone
    }

    public struct Due: Sendable, Hashable {
        /// `2026-11-30`: the local day told of. ISO dates order as strings, so the notifier's
        /// checkpoint (the last day sent) compares with `<`.
        public var day: String
        /// The local day's bounds (23 or 25 hours long on a daylight-saving change).
        public var start: UnixSeconds
        public var end: UnixSeconds
        /// Whether today's digest time has passed: `day`'s digest is due unless it was sent.
        public var isDue: Bool
        /// When to look again: today's digest time, or tomorrow's once it has passed.
        public var next: UnixSeconds
    }

    public func due(at now: UnixSeconds) -> Due {
        let calendar = calendar
        let date = Date(timeIntervalSince1970: TimeInterval(now))
        let today = calendar.startOfDay(for: date)
        let sendAt = time(on: today, calendar)
        let told = day(today, -1, calendar)
        let parts = calendar.dateComponents([.year, .month, .day], from: told)
        let isDue = date >= sendAt
        return Due(
            day: String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0),
            start: UnixSeconds(told.timeIntervalSince1970), end: UnixSeconds(today.timeIntervalSince1970), isDue: isDue,
            next: UnixSeconds((isDue ? time(on: day(today, 1, calendar), calendar) : sendAt).timeIntervalSince1970))
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The local midnight `count` days from `midnight` (through noon: a day is not always 24 h).
    private func day(_ midnight: Date, _ count: Int, _ calendar: Calendar) -> Date {
        calendar.startOfDay(for: calendar.date(byAdding: .day, value: count, to: midnight.addingTimeInterval(12 * 3600)) ?? midnight)
    }

    /// The digest time on the local day starting at `midnight`; a time that a daylight-saving change
    /// skips is the next one that exists.
    private func time(on midnight: Date, _ calendar: Calendar) -> Date {
        calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: midnight)
            ?? midnight.addingTimeInterval(TimeInterval(minute * 60))
    }
}
