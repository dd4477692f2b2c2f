/// When things happen in the simulated school (all UTC).
enum SchoolCalendar {
    /// Lesson periods, seconds after midnight. One hour apart so a host's classes never overlap.
    static let periodStartSeconds = [
        7 * 3600 + 30 * 60, 8 * 3600 + 30 * 60, 9 * 3600 + 30 * 60, 10 * 3600 + 30 * 60,
        11 * 3600 + 30 * 60, 12 * 3600 + 30 * 60, 13 * 3600 + 30 * 60, 14 * 3600 + 30 * 60,
    ]
    /// Weekly staff meeting: Mondays 15:45.
    static let staffMeetingSecond = 15 * 3600 + 45 * 60
    /// Parent conferences: between 16:20 and 17:20.
    static let parentConferenceWindow = (16 * 3600 + 20 * 60)...(17 * 3600 + 20 * 60)
    /// Office hours (hosts sitting alone): 17:45.
    static let officeHoursSecond = 17 * 3600 + 45 * 60

    /// Midnights (epoch seconds) of the simulated days, oldest first.
    static func dayStarts(endDayStart: Int, days: Int) -> [Int] {
        (0..<days).map { endDayStart - (days - 1 - $0) * UTCTime.secondsPerDay }
    }

    static func isWeekday(_ dayStart: Int) -> Bool {
        UTCTime.isoWeekday(epochSeconds: dayStart) <= 5
    }

    static func isMonday(_ dayStart: Int) -> Bool {
        UTCTime.isoWeekday(epochSeconds: dayStart) == 1
    }
}
