import Foundation
import Testing
import ZoomDashCore

@Suite struct JSONScannerTests {
    @Test func parsesEveryJSONConstruct() throws {
        let node = try JSONScanner.parse(Array(#" {"a":[1,-2.5e3,true,false,null],"s":"x\"\\\/\n\u00e9\ud83d\ude00","o":{}} "#.utf8))
        #expect(node["a"] == .array([.integer(1), .double(-2500), .bool(true), .bool(false), .null]))
        #expect(node["s"] == .string("x\"\\/\né😀"))
        #expect(node["o"] == .object([]))
    }

    @Test func aRepeatedKeyKeepsItsLastValueAndPaddedIdentitiesAreTrimmed() throws {
        #expect(try JSONScanner.parse(Array(#"{"k":1,"k":2}"#.utf8))["k"] == .integer(2))
        #expect(ParticipantIdentity.key(participantUUID: "  ab-1 ", zoomUserID: nil, registrantID: nil, email: nil, name: nil) == "uuid:AB-1")
        #expect(ParticipantIdentity.key(participantUUID: " ", zoomUserID: "", registrantID: nil, email: " A@B.org", name: "x") == "email:a@b.org")
    }

    @Test(arguments: [
        "", "{", "{\"a\":}", "{\"a\" 1}", "[1,]", "{\"a\":1,}", "tru", "01x", "\"unterminated", "{} trailing", "\"\u{01}\"",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100), "\"\\x\"", "1.", "-",
    ])
    func rejectsMalformedInput(text: String) {
        #expect(throws: JSONScanner.Failure.self) { try JSONScanner.parse(Array(text.utf8)) }
    }
}

@Suite struct WebhookParserTests {
    @Test func parsesAParticipantLeftWithZoomsQuirks() throws {
        let body = #"{"event":"meeting.participant_left","event_ts":1775245678886,"payload":{"account_id":"ACCT","object":{"uuid":"INSTANCEUUID==","id":"10000000001","topic":"Room","host_id":"H","start_time":"2026-04-03T10:56:58Z","participant":{"user_id":"117441536","user_name":"Alice","id":"","participant_user_id":"","registrant_id":"","email":"","participant_uuid":"0ea4bd28-db6c","leave_time":"2026-04-03T19:47:57Z","leave_reason":"got disconnected from the meeting. Reason : Client Close."}}}}"#
        let record = try WebhookParser.parse(Array(body.utf8))
        #expect(record.kind == .participantLeft)
        #expect(record.meetingID == 10_000_000_001)
        #expect(record.eventTimestampMilliseconds == 1_775_245_678_886)
        #expect(record.participant?.key == "uuid:0EA4BD28-DB6C")
        #expect(record.participant?.time == ZoomTime.parse("2026-04-03T19:47:57Z"))
        #expect(record.participant?.leaveReason == "got disconnected from the meeting. Reason : Client Close.")
        #expect(record.eventTime == record.participant?.time)
        #expect(record.body == Array(body.utf8), "the raw bytes, as signed")
    }

    @Test func alertIssuesComeAsAListOrAString() throws {
        func issues(_ value: String) throws -> [String] {
            try WebhookParser.parse(Array(#"{"event":"meeting.alert","event_ts":1,"payload":{"object":{"uuid":"U","id":81234567890,"issues":\#(value)}}}"#.utf8)).issues
        }
        #expect(try issues(#"["Unstable audio quality","High CPU occupation"]"#) == ["Unstable audio quality", "High CPU occupation"])
        #expect(try issues(#""Call Reconnection""#) == ["Call Reconnection"])
        #expect(MeetingAlertIssue(text: "Unstable screen share quality") == .unstableScreenShare)
        #expect(MeetingAlertIssue(text: "something new") == .other)
    }

    @Test func badBodiesAreRefused() {
        #expect(throws: WebhookParser.Failure.notJSON) { try WebhookParser.parse(Array("not json".utf8)) }
        #expect(throws: WebhookParser.Failure.notJSON) { try WebhookParser.parse(Array("[1]".utf8)) }
        #expect(throws: WebhookParser.Failure.missingEvent) { try WebhookParser.parse(Array(#"{"payload":{}}"#.utf8)) }
    }

    /// The public Zoom samples in ../shared, when present, all parse with their meeting and participant.
    @Test func parsesTheSharedZoomSamples() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/samples/zoom/webhooks")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasSuffix(".json") {
            let record = try WebhookParser.parse(Array(try Data(contentsOf: folder.appendingPathComponent(name))))
            #expect(record.event == name.replacingOccurrences(of: ".json", with: "").replacingOccurrences(of: "_breakout_room", with: "").replacingOccurrences(of: "_waiting_room", with: "") || name.contains("room"), "\(name)")
            if record.kind == .participantJoined || record.kind == .participantLeft {
                #expect(record.participant != nil, "\(name)")
                #expect(!record.meetingUUID.isEmpty, "\(name)")
            }
            if record.kind == .meetingAlert { #expect(!record.issues.isEmpty) }
        }
    }
}

@Suite struct WebhookSessionBuilderTests {
    func event(_ join: Bool, _ who: String, _ time: UnixSeconds, _ reason: String? = nil) -> WebhookSessionBuilder.Event {
        .init(isJoin: join, participantKey: who, name: who, email: "", time: time, leaveReason: reason, participantUUID: "", connectionID: "", zoomUserID: "")
    }

    @Test func replaysByEventTimeWhateverTheArrivalOrder() {
        // Arrival order: the rejoin arrives before the late `left` of the dropped connection.
        let events = [event(true, "ann", 0), event(true, "ann", 130), event(false, "ann", 100, "Network connection error."), event(false, "ann", 500, "Host ended the meeting.")]
        let sessions = WebhookSessionBuilder.sessions(meetingUUID: "M", events: events)
        #expect(sessions.map(\.joinTime) == [0, 130])
        #expect(sessions.map(\.leaveTime) == [100, 500])
        #expect(sessions[0].leaveReason == "Network connection error.")
        #expect(sessions.allSatisfy { $0.source == .webhook })
    }

    @Test func breakoutMoveAtTheSameSecondClosesThenOpens() {
        let sessions = WebhookSessionBuilder.sessions(meetingUUID: "M", events: [event(true, "bo", 0), event(true, "bo", 50), event(false, "bo", 50, "left the meeting to join breakout room")])
        #expect(sessions.map(\.joinTime) == [0, 50])
        #expect(sessions[0].leaveTime == 50)
        #expect(sessions[1].leaveTime == nil)
    }

    @Test func aBreakoutMoveWhoseJoinWasLostIsNoZeroLengthSessionCollidingWithTheNext() {
        let sessions = WebhookSessionBuilder.sessions(
            meetingUUID: "M", events: [event(false, "bo", 50, "left the meeting to join breakout room"), event(true, "bo", 50)])
        #expect(sessions.map(\.joinTime) == [50])
        #expect(sessions[0].leaveTime == nil, "still in the (breakout) room")
        #expect(sessions[0].joinObserved)
    }

    @Test func lostEventsStillYieldUsableSessions() {
        let sessions = WebhookSessionBuilder.sessions(meetingUUID: "M", events: [event(false, "cy", 70, "Client Close."), event(true, "di", 0), event(true, "di", 90)])
        #expect(sessions.first { $0.participantKey == "cy" }?.joinTime == 70)
        #expect(sessions.first { $0.participantKey == "cy" }?.joinObserved == false, "nobody saw cy join at 70")
        #expect(sessions.filter { $0.participantKey == "di" }.map(\.leaveTime) == [90, nil])
    }
}
