import ZoomDashCore

/// Quarter-hour use summed into local days, Monday weeks and hours of day, with the incidents of
/// each day counted: the "good days and bad days" view. Every day of the range has a row, busy or not.
enum DaySeries {
    static func build(
        buckets: [UsageBucket], incidents: [IncidentRecord], calendar: LocalCalendar, from: UnixSeconds, to: UnixSeconds
    ) -> (days: [API.Period], weeks: [API.Period], hours: [API.Hour]) {
        var dates: [String] = []
        var day = calendar.startOfDay(containing: from)
        while day < to {
            dates.append(calendar.date(of: day))
            // 26 hours on, then back to midnight: days are 23 or 25 hours long at DST changes.
            day = calendar.startOfDay(containing: day + 26 * 3600)
        }
        var byDate: [String: API.Counters] = Dictionary(uniqueKeysWithValues: dates.map { ($0, API.Counters()) })
        var hours = [API.Counters](repeating: API.Counters(), count: 24)
        for bucket in buckets {
            let date = calendar.date(of: bucket.start)
            byDate[date, default: API.Counters()].add(bucket)
            hours[calendar.hour(of: bucket.start)].add(bucket)
        }
        for incident in incidents {
            let date = calendar.date(of: incident.start)
            if incident.scope == .account { byDate[date, default: API.Counters()].accountIncidents += 1 } else { byDate[date, default: API.Counters()].meetingIncidents += 1 }
        }
        var weeks: [String: API.Counters] = [:]
        var weekOrder: [String] = []
        for date in dates {
            let week = calendar.weekStart(of: date)
            if weeks[week] == nil { weekOrder.append(week) }
            var counters = weeks[week, default: API.Counters()]
            let daily = byDate[date] ?? API.Counters()
            counters.meetings += daily.meetings
            counters.sessions += daily.sessions
            counters.participantHours += daily.participantHours
            counters.drops += daily.drops
            counters.meetingIncidents += daily.meetingIncidents
            counters.accountIncidents += daily.accountIncidents
            weeks[week] = counters
        }
        let days = dates.map { date in
            var counters = byDate[date] ?? API.Counters()
            counters.finish()
            return API.Period.day(date, counters)
        }
        let weekRows = weekOrder.map { week in
            var counters = weeks[week] ?? API.Counters()
            counters.finish()
            return API.Period.week(week, counters)
        }
        let hourRows = hours.enumerated().map { hour, counters in
            var counters = counters
            counters.finish()
            return API.Hour(hour: hour, participantHours: counters.participantHours, drops: counters.drops, rate: counters.rate)
        }
        return (days, weekRows, hourRows)
    }
}
