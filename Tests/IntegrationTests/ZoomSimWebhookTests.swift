import Foundation
import Testing
import ZoomSimKit

@Suite struct ZoomSimWebhookTests {
    /// docs/zoom-api-notes.md §8 (seguri/x-zm-signature, secret "secret").
    @Test(arguments: [
        ("1697204592920", #"{"foo": "bar"}"#, "v0=4fbb75111d585a4c58bc193aba49b007ddd7170f9191b0286d9413c1a07a44e8"),
        ("1697204592920", #"{"foo":"bar"}"#, "v0=f46042d159828f787589618793a3f535b54de02da06ea660545e46c8960b70bf"),
        ("", "", "v0=48313323faaa3e2551387fedc6a9dbf72f93a6293033e7339e57c844dc1b107d"),
        ("null", "null", "v0=d91ecd49b2475959bcd627b71f5c2dd2c59b4a5712c7b2c41f1d9071422c378b"),
    ])
    func signatureVectors(timestamp: String, body: String, expected: String) {
        let signer = WebhookSigner(secret: "secret")
        #expect(signer.signature(timestamp: timestamp, body: body) == expected)
        #expect(signer.isValid(signature: expected, timestamp: timestamp, body: Data(body.utf8)))
        #expect(!signer.isValid(signature: expected, timestamp: timestamp + "1", body: Data(body.utf8)))
    }

    @Test func urlValidationVectors() {
        let signer = WebhookSigner(secret: "secretValueTest")
        #expect(signer.encryptedToken(plainToken: "qgg8vlvZRS6UYooatFL8Aw") == "70c1f2e2e6ca2d39297490d1f9142c7d701415ea8e6151f6562a08fa657a40ff")
        let body = #"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}"#
        #expect(body.utf8.count == 110)
        #expect(signer.signature(timestamp: "1654503849", body: body) == "v0=f7b7dcfa8b11d7f5e1102e1dd720ffbf30762dbf79e9668b3c11b66898d36d9c")
        #expect(signer.urlValidationResponse(plainToken: "abc").contains(#""plainToken":"abc""#))
    }

    @Test func webhookEventsFollowZoomShapes() throws {
        let scenario = Scenario.generate(ScenarioOptions(seed: 42, endDay: "2025-03-14", days: 8, hosts: 6))
        let events = scenario.webhookEvents(accountID: "acct")
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.eventTimestampMilliseconds <= $1.eventTimestampMilliseconds })
        #expect(Set(events.map(\.event)) == [
            "meeting.started", "meeting.participant_joined", "meeting.participant_left", "meeting.alert", "meeting.ended",
        ])
        let records = scenario.meetings.reduce(0) { $0 + $1.records.count }
        #expect(events.filter { $0.event == "meeting.participant_left" }.count == records)

        var idKinds: Set<String> = []
        var issueKinds: Set<String> = []
        var reasons: Set<String> = []
        for event in events {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(event.body.utf8)) as? [String: Any])
            #expect(json["event"] as? String == event.event)
            #expect((json["event_ts"] as? NSNumber)?.int64Value == event.eventTimestampMilliseconds)
            let payload = try #require(json["payload"] as? [String: Any])
            #expect(payload["account_id"] as? String == "acct")
            let object = try #require(payload["object"] as? [String: Any])
            #expect(object["uuid"] as? String == event.meetingUUID)
            idKinds.insert(object["id"] is String ? "string" : "number")
            if let issues = object["issues"] { issueKinds.insert(issues is String ? "string" : "list") }
            if let participant = object["participant"] as? [String: Any], let reason = participant["leave_reason"] as? String {
                reasons.insert(reason)
            }
            #expect(!event.body.contains(#"\/"#))
        }
        #expect(idKinds == ["string", "number"])
        #expect(issueKinds == ["string", "list"])
        #expect(reasons.contains("got disconnected from the meeting. Reason : Client Close."))
        #expect(reasons.contains("left the meeting. Reason : Network connection error. "))
        #expect(reasons.contains("left the meeting. Reason : Host ended the meeting."))
        #expect(reasons.contains("left the meeting. Reason : left the meeting to join breakout room"))
    }
}
