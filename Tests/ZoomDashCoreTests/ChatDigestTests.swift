import Foundation
import Testing
import ZoomDashCore

/// The daily digest: which day is due when, and what its one message says (and never says).
@Suite struct ChatDigestTests {
    /// 2026-11-03 00:00 UTC, a Tuesday.
    static let midnight: UnixSeconds = 1_793_664_000
    static let utc = TimeZone(identifier: "UTC")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    @Test func afterTheDigestTimeTheDayBeforeIsDueAndTheNextLookIsTomorrows() {
        let schedule = DigestSchedule(minute: 7 * 60, timeZone: Self.utc)
        let due = schedule.due(at: Self.midnight + 10 * 3600)
        #expect(due.day == "2026-11-02" && due.isDue)
        #expect(due.start == Self.midnight - 86_400 && due.end == Self.midnight)
        #expect(due.next == Self.midnight + 86_400 + 7 * 3600)
        // Before today's time nothing is due (yesterday's window is over, missed or not): wait for it.
        let early = schedule.due(at: Self.midnight + 7 * 3600 - 1)
        #expect(!early.isDue && early.day == "2026-11-02" && early.next == Self.midnight + 7 * 3600)
        #expect(schedule.due(at: Self.midnight + 7 * 3600).isDue, "due at the minute itself")
        #expect(schedule.due(at: Self.midnight + 86_400 - 1).isDue, "and until midnight")
    }

    @Test func localDaysFollowTheTimeZoneAndDaylightSaving() {
        let schedule = DigestSchedule(minute: 7 * 60, timeZone: Self.berlin)
        // 2026-03-29, the spring change: a 23-hour day; its digest at 07:00 CEST the next morning.
        let spring = schedule.due(at: 1_774_850_400)  // 2026-03-30 08:00 CEST
        #expect(spring.day == "2026-03-29" && spring.start == 1_774_738_800 && spring.end - spring.start == 23 * 3600 && spring.isDue)
        #expect(spring.next == 1_774_850_400 - 3600 + 86_400)
        // 2026-10-25, the autumn change: 25 hours.
        let autumn = schedule.due(at: 1_792_998_000)  // 2026-10-26 08:00 CET
        #expect(autumn.day == "2026-10-25" && autumn.start == 1_792_879_200 && autumn.end - autumn.start == 25 * 3600)
        // Late in the evening UTC is already tomorrow in Berlin.
        #expect(DigestSchedule(minute: 0, timeZone: Self.berlin).due(at: Self.midnight - 1800).day == "2026-11-02")
    }

    static func drop(_ topic: String, _ meeting: String, _ name: String, lost: Int64 = 60) -> DigestFacts.Drop {
        DigestFacts.Drop(topic: topic, meetingUUID: meeting, participantKey: "name:" + name.lowercased(), participantName: name, lostSeconds: lost)
    }

    static let day = DigestSchedule(minute: 7 * 60, timeZone: utc).due(at: midnight + 10 * 3600)

    static let facts = DigestFacts(
        classes: 4,
        drops: [
            drop("7B Maths", "m1", "Ann Lee", lost: 300), drop("7B Maths", "m1", "Ann Lee", lost: 120), drop("7B Maths", "m1", "Bo Chen"),
            drop("8A English", "m2", "ann lee", lost: 20), drop("8A English", "m2", "Cy Diaz", lost: 10),
        ],
        incidents: [
            .init(scope: .meeting, cause: .localNetwork, count: 2), .init(scope: .meeting, cause: .unknown, count: 1),
            .init(scope: .account, cause: .zoomOrShared, count: 1),
        ])

    @Test func theDigestSaysDropsByClassAndIncidentsByScopeAndCauseWithoutNames() {
        let message = DigestComposer(timeZone: Self.utc, names: false).message(Self.facts, day: Self.day)
        #expect(message.headline.bold == "Daily digest, Mon 2 Nov")
        #expect(message.headline.text == ": 5 disconnections of 3 people in 2 of 4 classes, 9 min lost; 4 incidents")
        #expect(message.details.map(\.plain) == [
            "• 7B Maths: 3 drops, 2 people, 8 min lost",
            "• 8A English: 2 drops, 2 people, under 1 min lost",
            "• Incidents: 3 in single classes (2 likely the local network, 1 cause unknown); 1 across several classes at once (1 likely Zoom-side)",
        ])
        #expect(message.fields.map(\.value) == ["5", "3", "9 min", "4"])
        #expect(message.severity == .information)
        for name in ["Ann", "ann", "Bo", "Cy"] { #expect(!message.plainText.contains(name), "a name without digest_names: \(message.plainText)") }
    }

    @Test func withDigestNamesThePeopleWhoDroppedMostAreListedForFollowUp() {
        var facts = Self.facts
        facts.drops += (1...12).map { Self.drop("9C Physics", "m3", "Pupil \($0)") }
        facts.drops.append(Self.drop("9C Physics", "m3", "  "))
        let message = DigestComposer(timeZone: Self.utc, names: true).message(facts, day: Self.day)
        let lines = message.details.map(\.plain)
        let header = lines.firstIndex(of: "Dropped most, for follow-up:")!
        let people = Array(lines[(header + 1)...])
        #expect(people.count == DigestComposer.maximumPeople)
        // Ann's drops in both classes are one person (names compare without case), listed first.
        #expect(people[0] == "• Ann Lee: 3 drops (7B Maths, 8A English)")
        #expect(people[1] == "• Bo Chen: 1 drop (7B Maths)")
        #expect(!lines.contains { $0.contains("•   :") }, "a nameless connection is nobody to follow up with")
    }

    @Test func aDayWithoutClassesIsOneQuietLineAndADayWithoutDropsSaysSo() {
        let quiet = DigestComposer(timeZone: Self.utc, names: true).message(DigestFacts(), day: Self.day)
        #expect(quiet.plainText == "Daily digest, Mon 2 Nov: a quiet day, no classes and no disconnections")
        let calm = DigestComposer(timeZone: Self.utc, names: true).message(DigestFacts(classes: 1), day: Self.day)
        #expect(calm.plainText == "Daily digest, Mon 2 Nov: 1 class, no disconnections, no incidents")
    }

    @Test func manyClassesAreCutWithAPointerToTheExport() {
        let facts = DigestFacts(classes: 30, drops: (1...30).map { Self.drop(String(format: "Class %02d", $0), "m\($0)", "P\($0)") })
        var composer = DigestComposer(timeZone: Self.utc, names: false)
        composer.maximumClasses = 5
        let lines = composer.message(facts, day: Self.day).details.map(\.plain)
        #expect(lines.count == 6)
        #expect(lines.first == "• Class 01: 1 drop, 1 person, 1 min lost")
        #expect(lines.last == "…and 25 more classes (see the disconnections export)")
    }

    @Test func theDigestRendersForBothChatServers() throws {
        let message = DigestComposer(timeZone: Self.utc, names: false).message(Self.facts, day: Self.day)
        for flavor in ChatPayload.Flavor.allCases {
            let json = ChatPayload.json(message, flavor: flavor)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect((object["text"] as? String)?.contains("Daily digest") == true)
            #expect(json.contains(ChatMessage.Severity.information.color))
        }
    }
}
