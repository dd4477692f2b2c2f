import Foundation

/// Builds the account's users and the list of meeting occurrences (without timelines).
struct ScheduleBuilder {
    private enum Stream: UInt64 { case users = 1, classes, days, meetingIDs }

    let options: ScenarioOptions
    private(set) var users: [SimUser] = []
    private(set) var hostAttendees: [Attendee] = []
    private var usedMeetingIDs: Set<Int64> = []
    private var idRandom: SeededRandom

    init(options: ScenarioOptions) {
        self.options = options
        self.idRandom = SeededRandom(seed: options.seed, stream: Stream.meetingIDs.rawValue)
    }

    mutating func build() -> [MeetingSkeleton] {
        buildUsers()
        let classes = buildClasses()
        var skeletons: [MeetingSkeleton] = []
        let dayStarts = SchoolCalendar.dayStarts(endDayStart: options.endDayStart, days: options.effectiveDays)
        let staffMeetingID = newMeetingID()
        let officeHourIDs = (0..<options.effectiveHosts).map { _ in newMeetingID() }
        for (dayIndex, dayStart) in dayStarts.enumerated() where SchoolCalendar.isWeekday(dayStart) {
            var random = SeededRandom(seed: options.seed, stream: Stream.days.rawValue, index: UInt64(dayIndex))
            for recurring in classes {
                // Now and then a class does not take place (teacher ill, school trip).
                guard !random.chance(0.03) else { continue }
                let start = dayStart + SchoolCalendar.periodStartSeconds[recurring.period] + random.int(in: -180...120)
                let end = start + random.int(in: (40 * 60)...(55 * 60))
                let guests = recurring.roster.filter { _ in !random.chance(0.08) }
                skeletons.append(MeetingSkeleton(
                    id: recurring.meetingID, type: 8, topic: recurring.topic, hostIndex: recurring.hostIndex,
                    start: start, end: end, isClass: true, guests: guests))
            }
            if SchoolCalendar.isMonday(dayStart) {
                let start = dayStart + SchoolCalendar.staffMeetingSecond + random.int(in: -60...120)
                let teachers = hostAttendees.dropFirst().map {
                    Attendee(name: $0.name, zoomUserID: $0.zoomUserID, email: $0.email, registrantID: "", isHost: false)
                }
                let staff = teachers + [principalAttendee]
                skeletons.append(MeetingSkeleton(
                    id: staffMeetingID, type: 8, topic: "Staff meeting", hostIndex: 0,
                    start: start, end: start + random.int(in: (30 * 60)...(45 * 60)), isClass: false,
                    guests: staff.filter { _ in !random.chance(0.1) }))
            }
            if random.chance(0.4) {
                let host = random.int(in: 0...(options.effectiveHosts - 1))
                let parents = NamePools.distinctNames(
                    count: random.int(in: 1...2), excluding: [hostAttendees[host].name], using: &random)
                let family = parents[0].last
                let start = dayStart + random.int(in: SchoolCalendar.parentConferenceWindow)
                skeletons.append(MeetingSkeleton(
                    id: newMeetingID(), type: 2, topic: "Parent conference - \(family) family", hostIndex: host,
                    start: start, end: start + random.int(in: (15 * 60)...(25 * 60)), isClass: false,
                    guests: parents.map { Attendee(name: "\($0.first) \(family)", zoomUserID: "", email: "", registrantID: "", isHost: false) }))
            }
            if random.chance(0.25) {
                // Nobody comes: a one-participant meeting, which the Report API omits.
                let host = random.int(in: 0...(options.effectiveHosts - 1))
                let start = dayStart + SchoolCalendar.officeHoursSecond + random.int(in: 0...300)
                skeletons.append(MeetingSkeleton(
                    id: officeHourIDs[host], type: 8, topic: "Office hours", hostIndex: host,
                    start: start, end: start + random.int(in: (15 * 60)...(20 * 60)), isClass: false, guests: []))
            }
        }
        return skeletons.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    private var principalAttendee: Attendee {
        let principal = users[options.effectiveHosts]
        return Attendee(name: principal.displayName, zoomUserID: principal.id, email: principal.email, registrantID: "", isHost: false)
    }

    private mutating func buildUsers() {
        var random = SeededRandom(seed: options.seed, stream: Stream.users.rawValue)
        let staffCount = options.effectiveHosts + 3
        let names = NamePools.distinctNames(count: staffCount, excluding: [], using: &random)
        let created = options.endDayStart - 400 * UTCTime.secondsPerDay
        for (index, name) in names.enumerated() {
            let isHost = index < options.effectiveHosts
            let department = isHost ? "Teachers" : ["Administration", "Office", "IT"][index - options.effectiveHosts]
            let user = SimUser(
                id: ZoomIdentifiers.userID(using: &random),
                firstName: name.first, lastName: name.last,
                email: "\(name.first.lowercased()).\(name.last.lowercased())@school.example",
                type: isHost || index == options.effectiveHosts ? 2 : 1,
                personalMeetingID: Int64(random.int(in: 2_000_000_000...9_999_999_999)),
                isHost: isHost, department: department,
                createdAt: Date(epochSeconds: created + random.int(in: 0...(300 * UTCTime.secondsPerDay))))
            users.append(user)
            if isHost {
                hostAttendees.append(Attendee(name: user.displayName, zoomUserID: user.id, email: user.email, registrantID: "", isHost: true))
            }
        }
    }

    private mutating func buildClasses() -> [RecurringClass] {
        var classes: [RecurringClass] = []
        for host in 0..<options.effectiveHosts {
            var random = SeededRandom(seed: options.seed, stream: Stream.classes.rawValue, index: UInt64(host))
            let subject = NamePools.subjects[host % NamePools.subjects.count]
            var periods = Array(0..<SchoolCalendar.periodStartSeconds.count)
            random.shuffle(&periods)
            for (slot, period) in periods.prefix(options.effectiveClassesPerHost).sorted().enumerated() {
                let group = "\(5 + (host + slot * 2) % 8)\(NamePools.groupLetters[(host + slot) % 4])"
                let topic: String
                switch (host + slot) % 4 {
                case 0: topic = "Class \(group) \(subject)"
                case 1: topic = "Lesson: \(subject) \(group)"
                case 2: topic = "\(subject) class \(group)"
                default: topic = "\(group) \(subject) lesson"
                }
                let size = random.int(in: options.effectiveRoster)
                let names = NamePools.distinctNames(count: size, excluding: [hostAttendees[host].name], using: &random)
                let roster = names.map { name -> Attendee in
                    let signedIn = random.chance(0.15)
                    let email = signedIn && random.chance(0.5) ? "\(name.first.lowercased()).\(name.last.lowercased())@students.school.example" : ""
                    let registrant = random.chance(0.08) ? ZoomIdentifiers.userID(using: &random) : ""
                    return Attendee(
                        name: "\(name.first) \(name.last)",
                        zoomUserID: signedIn ? ZoomIdentifiers.userID(using: &random) : "",
                        email: email, registrantID: registrant, isHost: false)
                }
                classes.append(RecurringClass(meetingID: newMeetingID(), topic: topic, hostIndex: host, period: period, roster: roster))
            }
        }
        return classes
    }

    private mutating func newMeetingID() -> Int64 {
        while true {
            let id = Int64(idRandom.int(in: 81_000_000_000...99_999_999_999))
            if usedMeetingIDs.insert(id).inserted { return id }
        }
    }
}
