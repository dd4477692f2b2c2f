import Foundation
import ZoomDashCore

/// Six months of a school for the dashboard benchmark, deterministic (each class from its own seed,
/// so any day can be made alone): 200 rooms (a cohort each: 27 pupils and the period's teacher) × 5
/// periods = 1,000 classes of 45 minutes a day, 180 days, about 5.2 M participant connections as
/// Zoom's Dashboard API reports them. Every day's first period in room 0 is an assembly of 240.
/// Drops: 3 % of the people of a class drop once (network, a few client crashes; most rejoin within
/// three minutes), 1.5 % of the classes lose 7–12 pupils together (a meeting-level incident), and
/// every 9th day 13 classes of one period drop within the same half minute (a Zoom bad moment).
/// The last day is cut at ``now``: three periods over, the fourth under way (its rooms live).
enum SchoolDays {
    static let days = 180
    static let rooms = 200
    static let pupilsPerClass = 27
    static let assemblySize = 240
    /// UTC: 09:00–14:45 in Berlin in summer, 08:00–13:45 in winter.
    static let periodStarts: [Int64] = [7, 8, 9, 10, 12].map { $0 * 3600 }
    static let classSeconds: Int64 = 45 * 60
    /// 2026-06-01 00:00 UTC.
    static let firstDay: UnixSeconds = 1_780_272_000
    /// The benchmark's clock: 2026-11-27 10:20 UTC (11:20 in Berlin), a Friday, in the fourth period.
    static let now: UnixSeconds = firstDay + Int64(days - 1) * 86_400 + 10 * 3600 + 20 * 60
    static let zone = "Europe/Berlin"

    static let individualDropChance = 0.03
    static let collectiveChance = 0.015
    static let accountRooms = 13

    static func meetingID(room: Int) -> Int64 { 81_000_000_000 + Int64(room) }
    /// The watched rooms of `[presence]` and the names the allowlist shows.
    static let watchedRooms = [1, 2, 3]
    static var watchedNames: [String] { watchedRooms.flatMap { room in (0..<4).map { pupilName(room * pupilsPerClass + $0) } } }

    static let subjects = ["Math", "English", "German", "Biology", "History", "Chemistry", "Physics", "French", "Art", "Music", "Geography", "Latin"]
    static let firstNames = [
        "Anna", "Ben", "Clara", "David", "Emma", "Finn", "Greta", "Hannes", "Ida", "Jonas", "Kira", "Leon", "Mia", "Noah", "Olivia",
        "Paul", "Quinn", "Rosa", "Samuel", "Tara", "Umut", "Vera", "Wiebke", "Xaver", "Yara", "Zoe", "Ali", "Lena", "Mats", "Nora", "Elif",
    ]
    static let lastNames = [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter",
        "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Yılmaz", "Kaya", "Nowak",
        "Kowalski", "Rossi", "García", "Lehmann", "Köhler", "Walter",
    ]
    static let devices = ["Windows", "Mac", "iOS", "Android", "Chromebook", "iPad"]

    static func pupilName(_ pupil: Int) -> String {
        firstNames[pupil % firstNames.count] + " " + lastNames[(pupil / firstNames.count) % lastNames.count]
    }

    static func cohort(_ room: Int) -> String {
        "\(5 + room % 8)\(Character(UnicodeScalar(UInt8(65 + room / 8))))"
    }

    static func start(day: Int, period: Int) -> UnixSeconds { firstDay + Int64(day) * 86_400 + periodStarts[period] }

    /// The day's Zoom bad moment, if it has one: the period and the second it strikes.
    static func accountMoment(day: Int) -> (period: Int, time: UnixSeconds)? {
        guard day % 9 == 4 else { return nil }
        let period = (day / 9) % periodStarts.count
        return (period, start(day: day, period: period) + 1500)
    }

    /// The meeting-level (`big`) class the benchmark opens: the assembly of the last full day.
    static var bigClassUUID: String { uuid(day: days - 2, room: 0, period: 0) }

    static func uuid(day: Int, room: Int, period: Int) -> String {
        var random = SeededRandom(1, day, room, period)
        var bytes: [UInt8] = []
        for _ in 0..<2 { withUnsafeBytes(of: random.next()) { bytes += $0 } }
        return Data(bytes).base64EncodedString()
    }

    static func uuidText(_ seeds: Int...) -> String {
        var random = SeededRandom(seeds)
        let hex = String(format: "%016llX%016llX", random.next(), random.next())
        let c = Array(hex)
        return [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
    }

    struct Person {
        var key: String
        var name: String
        var email: String
        var zoomUserID: String
        var participantUUID: String
        var device: String
    }

    static func pupil(_ number: Int) -> Person {
        let uuid = uuidText(2, number)
        return Person(
            key: "uuid:" + uuid, name: pupilName(number), email: "", zoomUserID: "", participantUUID: uuid,
            device: devices[number % devices.count])
    }

    static func teacher(_ number: Int) -> Person {
        let uuid = uuidText(3, number)
        return Person(
            key: "uuid:" + uuid, name: "Teacher " + lastNames[number % lastNames.count] + " \(number)",
            email: "teacher\(number)@school.example", zoomUserID: "\(16_778_240 + number)", participantUUID: uuid, device: "Windows")
    }

    /// The day's classes that had begun by ``now``, in the order a collector would store them.
    static func classes(day: Int) -> [(meeting: MeetingInstance, sessions: [ParticipantSession])] {
        var result: [(MeetingInstance, [ParticipantSession])] = []
        for period in periodStarts.indices where start(day: day, period: period) <= now {
            for room in 0..<rooms { result.append(meeting(day: day, room: room, period: period)) }
        }
        return result
    }

    static func meeting(day: Int, room: Int, period: Int) -> (MeetingInstance, [ParticipantSession]) {
        var random = SeededRandom(4, day, room, period)
        let uuid = uuid(day: day, room: room, period: period)
        let start = start(day: day, period: period) + random.int(0...90)
        var end = start + classSeconds + random.int(0...240)
        let teacherNumber = (room * periodStarts.count + period + day % 3) % 250
        let teacher = teacher(teacherNumber)
        let assembly = room == 0 && period == 0
        var people = [teacher]
        let pupils = assembly ? assemblySize - 1 : pupilsPerClass
        for seat in 0..<pupils { people.append(pupil(room * pupilsPerClass + seat)) }

        var collective: (time: UnixSeconds, share: Int)?
        if let moment = accountMoment(day: day), moment.period == period, room % 16 == 5 {
            collective = (moment.time + random.int(0...20), 12)
        } else if random.chance(collectiveChance) {
            collective = (start + random.int(300...(classSeconds - 600)), 7 + random.below(6))
        }
        let live = end > now
        if live { end = now }
        var sessions: [ParticipantSession] = []
        for (index, person) in people.enumerated() {
            var drops: [(time: UnixSeconds, reason: String, rejoinAfter: Int64?)] = []
            var join = index == 0 ? start - random.int(60...300) : start + random.int(-60...150)
            if let collective, index > 0, random.below(pupils) < collective.share {
                drops.append((collective.time + random.int(0...40), network(person.name), random.chance(0.9) ? random.int(30...120) : nil))
            }
            if random.chance(individualDropChance) {
                let time = join + random.int(120...(classSeconds - 300))
                let reason = random.chance(0.85) ? network(person.name) : client
                drops.append((time, reason, random.chance(0.85) ? random.int(20...180) : nil))
            }
            // A few leave early of their own accord.
            let leaveEarly = random.chance(0.03) ? join + random.int(600...(classSeconds - 120)) : nil
            drops.sort { $0.time < $1.time }
            var details = ParticipantSession.Details()
            details.participantUUID = person.participantUUID
            details.zoomUserID = person.zoomUserID
            details.device = person.device
            details.networkType = index % 5 == 0 ? "Wired" : "Wifi"
            details.dataCenter = "Germany (FR)"
            details.location = "Berlin (DE)"
            details.status = "in_meeting"
            var open = true
            for drop in drops where open && drop.time > join && drop.time < (leaveEarly ?? end) {
                sessions.append(session(uuid, person, details, join, drop.time, drop.reason))
                guard let after = drop.rejoinAfter else {
                    open = false
                    break
                }
                join = drop.time + after
                if join >= (leaveEarly ?? end) { open = false }
            }
            if open {
                let leave = leaveEarly ?? end
                let reason = leaveEarly != nil ? "\(person.name) left the meeting.<br>Reason: left the meeting." : hostEnded(person.name)
                sessions.append(session(uuid, person, details, join, leave, reason))
            }
        }
        if live {
            // Zoom's record of a meeting under way: who has not left yet has no leave.
            sessions = sessions.compactMap { session in
                guard session.joinTime < now else { return nil }
                var session = session
                if let leave = session.leaveTime, leave >= now {
                    session.leaveTime = nil
                    session.leaveReason = nil
                }
                return session
            }
        }
        let topic = assembly ? "Assembly" : "\(cohort(room)) \(subjects[(room + period * 5 + day) % subjects.count])"
        let meeting = MeetingInstance(
            uuid: uuid, meetingID: meetingID(room: room), topic: topic, hostID: "H\(teacherNumber)", hostEmail: teacher.email,
            startTime: start, endTime: live ? nil : end, participantsCount: people.count, source: .dashboard)
        return (meeting, sessions)
    }

    static let client = "got disconnected from the meeting.<br>Reason: Client Close."
    static func network(_ name: String) -> String { "\(name) got disconnected from the meeting.<br>Reason: Network connection error." }
    static func hostEnded(_ name: String) -> String { "\(name) left the meeting.<br>Reason: Host ended the meeting." }

    private static func session(
        _ uuid: String, _ person: Person, _ details: ParticipantSession.Details, _ join: UnixSeconds, _ leave: UnixSeconds, _ reason: String
    ) -> ParticipantSession {
        ParticipantSession(
            meetingUUID: uuid, participantKey: person.key, joinTime: join, leaveTime: leave, name: person.name, email: person.email,
            leaveReason: reason, details: details, source: .dashboard)
    }
}

/// SplitMix64 from a few integers: the same seeds give the same class whatever was made before.
struct SeededRandom {
    private var state: UInt64

    init(_ seeds: Int...) { self.init(seeds) }

    init(_ seeds: [Int]) {
        state = 0x243F_6A88_85A3_08D3
        for seed in seeds { state = next() ^ UInt64(bitPattern: Int64(seed)) }
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 { range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1)) }
    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }
}
