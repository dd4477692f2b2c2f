import Foundation
import Testing
import ZoomDashCore

/// The wording of chat messages: both scopes, every cause, updates, corrections, floods.
@Suite struct ChatCompositionTests {
    /// 2026-11-03 10:14:00 UTC, a Tuesday.
    static let t0: UnixSeconds = 1_793_700_000 - 1_793_700_000 % 86_400 + 10 * 3600 + 14 * 60
    static let utc = TimeZone(identifier: "UTC")!

    static func meeting(
        _ uuid: String = "m1", dropped: Int = 12, present: Int = 30, cause: IncidentCause = .localNetwork, start: UnixSeconds = t0, poor: Int = 10,
        withData: Int = 12
    ) -> Incident {
        var evidence = IncidentEvidence(qualityCause: cause)
        evidence.droppedPoor = poor
        evidence.droppedWithData = withData
        return Incident(scope: .meeting, meetingUUID: uuid, start: start, end: start + 35, dropped: dropped, present: present, meetings: 1, cause: cause, evidence: evidence)
    }

    static func account(meetings uuids: [String], dropped: Int = 59, present: Int = 91, cause: IncidentCause = .zoomOrShared) -> Incident {
        var evidence = IncidentEvidence(qualityCause: cause)
        evidence.droppedWithData = 40
        evidence.droppedPoor = 0
        evidence.dataCentres = ["Frankfurt (DE)"]
        evidence.meetingUUIDs = uuids
        return Incident(scope: .account, meetingUUID: nil, start: t0 - 12 * 60, end: t0 - 12 * 60 + 40, dropped: dropped, present: present, meetings: uuids.count, cause: cause, evidence: evidence)
    }

    static let context = ChatContext(topics: ["m1": "Class 7B Math", "m2": "8A English", "m3": "9C Physics", "m4": "6B Art", "m5": "7A History"], rejoined: [1: 9])
    static var composer: ChatComposer { ChatComposer(wording: ChatWording(timeZone: utc, now: t0 + 120), context: context) }

    @Test func aMeetingIncidentOnTheLocalNetworkReadsLikeASentence() throws {
        let message = try #require(Self.composer.message([ChatItem(kind: .new, incidentID: 1, incident: Self.meeting())]))
        #expect(message.headline.plain == "Class 7B Math: 12 of 30 dropped within 35 s at 10:14, 9 back within 2 min — likely the local network: 10 of 12 had poor quality just before")
        #expect(message.headline.bold == "Class 7B Math")
        #expect(message.severity == .localNetwork)
        #expect(message.severity.color == "#f2a900")
    }

    @Test func everyCauseHasItsWords() throws {
        let zoom = try #require(Self.composer.message([ChatItem(kind: .new, incidentID: 2, incident: Self.meeting(cause: .zoomOrShared, poor: 0))]))
        #expect(zoom.headline.plain.hasSuffix("— likely Zoom-side or the school's shared connection: no quality warning before"))
        #expect(zoom.severity.color == "#d00000")
        let unknown = try #require(Self.composer.message([ChatItem(kind: .new, incidentID: 2, incident: Self.meeting(cause: .unknown, poor: 0, withData: 0))]))
        #expect(unknown.headline.plain.hasSuffix("— cause unknown: no call-quality data yet"))
        #expect(unknown.severity.color == "#8a8a8a")
        #expect(!unknown.headline.plain.contains("back within"))  // no rejoin figures known for incident 2
    }

    @Test func aZoomBadMomentListsItsClassesInOneMessage() throws {
        let uuids = ["m1", "m2", "m3", "m4", "m5"]
        let items = [ChatItem(kind: .new, incidentID: 10, incident: Self.account(meetings: uuids))]
            + uuids.enumerated().map { ChatItem(kind: .new, incidentID: Int64(20 + $0.offset), incident: Self.meeting($0.element, start: Self.t0 - 12 * 60)) }
        let message = try #require(Self.composer.message(items))
        #expect(message.headline.plain == "10:02 UTC: 5 classes lost 59 of 91 people within 40 s — likely Zoom-side: no quality warning before, data centre Frankfurt (DE)")
        #expect(message.title == "Zoom bad moment")
        #expect(message.details.map(\.plain) == [
            "• Class 7B Math: 12 of 30 dropped", "• 8A English: 12 of 30 dropped", "• 9C Physics: 12 of 30 dropped", "• 6B Art: 12 of 30 dropped",
            "• 7A History: 12 of 30 dropped",
        ])
    }

    @Test func anUpdateSaysWhatChanged() throws {
        let before = Self.meeting(cause: .unknown, poor: 0, withData: 0)
        let now = Self.meeting(dropped: 18)
        let message = try #require(Self.composer.message([ChatItem(kind: .update(previous: before), incidentID: 1, incident: now)]))
        #expect(message.headline.plain.hasPrefix("Update: Class 7B Math: now 18 of 30 dropped within 35 s at 10:14, 9 back within 2 min (was 12 of 30; cause was unknown) — likely the local network"))
    }

    @Test func aWithdrawalIsAOneLineCorrection() throws {
        let message = try #require(Self.composer.message([ChatItem(kind: .withdrawn, incidentID: 1, incident: Self.meeting())]))
        #expect(message.plainText == "Correction: the 10:14 incident in Class 7B Math (12 of 30 dropped) is withdrawn: a closer look shows it was not a collective disconnection")
        #expect(message.severity == .correction)
    }

    @Test func fortyClassesInAMinuteAreOneGroupedMessage() throws {
        let context = ChatContext(topics: Dictionary(uniqueKeysWithValues: (0..<40).map { ("u\($0)", "Class \($0)") }))
        let composer = ChatComposer(wording: ChatWording(timeZone: Self.utc, now: Self.t0), context: context)
        let items = (0..<40).map { ChatItem(kind: .new, incidentID: Int64($0), incident: Self.meeting("u\($0)", dropped: 3, start: Self.t0 + Int64($0))) }
        let message = try #require(composer.message(items))
        #expect(message.headline.plain == "40 incidents between 10:14 and 10:14 UTC (40 new): 120 people dropped in 40 classes")
        #expect(message.details.count == 25)
        #expect(message.details.last?.plain.hasPrefix("…and 16 more") == true)
        #expect(message.details.first?.plain.hasPrefix("• Class 0: 3 of 30 dropped") == true)
    }

    @Test func timesAreInTheChannelsZoneWithTheDateForAnotherDay() {
        let berlin = ChatWording(timeZone: TimeZone(identifier: "Europe/Berlin")!, now: Self.t0)
        #expect(berlin.clock(Self.t0) == "11:14")
        #expect(berlin.clock(Self.t0 - 86_400) == "Mon 2 Nov 11:14")
    }

    @Test func noParticipantNameCanAppear() throws {
        // The composer is only given counts and topics: check the evidence fields it uses carry no names.
        let message = try #require(Self.composer.message([ChatItem(kind: .new, incidentID: 1, incident: Self.meeting())]))
        #expect(!message.plainText.contains("@"))
    }
}

@Suite struct ChatDashboardLinkTests {
    @Test func messagesLinkToTheDashboardWhenItHasAPublicAddress() throws {
        var composer = ChatCompositionTests.composer
        let one = [ChatItem(kind: .new, incidentID: 41, incident: ChatCompositionTests.meeting())]
        #expect(composer.message(one)?.link == nil)
        composer.dashboardURL = "https://zoomdash.school.example"
        let message = try #require(composer.message(one))
        #expect(message.link == "https://zoomdash.school.example/incidents/41")
        #expect(ChatPayload.json(message, flavor: .mattermost).contains(#""title_link":"https://zoomdash.school.example/incidents/41""#))
        #expect(ChatPayload.json(message, flavor: .slack).contains(#""title_link":"https://zoomdash.school.example/incidents/41""#))
        let withdrawn = [ChatItem(kind: .withdrawn, incidentID: 41, incident: ChatCompositionTests.meeting())]
        #expect(composer.message(withdrawn)?.link == nil)
        let flood = (1...3).map { ChatItem(kind: .new, incidentID: Int64($0), incident: ChatCompositionTests.meeting("m\($0)")) }
        #expect(composer.message(flood)?.link?.hasPrefix("https://zoomdash.school.example/incidents?from=") == true)
    }
}
