import Foundation
import Testing
import ZoomSimKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A POST to the fake chat receiver; returns status, body text and Retry-After.
private func post(
    _ url: String, body: String, contentType: String = "application/json"
) async throws -> (status: Int, body: String, retryAfter: String?) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = "POST"
    request.setValue(contentType, forHTTPHeaderField: "Content-Type")
    request.httpBody = Data(body.utf8)
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = try #require(response as? HTTPURLResponse)
    return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Retry-After"))
}

@Suite struct FakeChatTests {
    @Test func bothFlavoursAreAcceptedAndRecordedInOrder() async throws {
        let clock = ZoomSimTestClock(Date(timeIntervalSince1970: 1_742_472_000))
        let chat = FakeChatReceiver(config: FakeChatConfig(clock: { clock.now() }))
        try await chat.withRunningServer { base in
            let mattermost = try await post(base + "/hooks/abc123", body: #"{"text":"**Math 7B**: 12/30 dropped"}"#)
            #expect(mattermost.status == 200)
            #expect(mattermost.body == "ok")
            let form = "payload=" + PercentEncoding.encode(#"{"attachments":[{"title":"Incident"}]}"#)
            #expect(try await post(base + "/hooks/abc123", body: form, contentType: "application/x-www-form-urlencoded").status == 200)
            // URLSession adds a form Content-Type to a bare body, so "none" is shown by another type: also JSON.
            #expect(try await post(base + "/hooks/abc123", body: #"{"text":"no content type"}"#, contentType: "text/plain").status == 200)
            let slack = try await post(base + "/services/T1/B2/X3", body: #"{"text":"fallback","blocks":[]}"#)
            #expect(slack.status == 200)
            #expect(slack.body == "ok")
            #expect(try await post(base + "/services/T1/B2/X3", body: #"{"blocks":[{"type":"divider"}]}"#).status == 200)
        }
        let messages = chat.messages
        #expect(messages.map(\.flavour) == ["mattermost", "mattermost", "mattermost", "slack", "slack"])
        #expect(messages.map(\.text) == ["**Math 7B**: 12/30 dropped", nil, "no content type", "fallback", nil])
        #expect(messages[1].json == #"{"attachments":[{"title":"Incident"}]}"#)
        #expect(messages[3].path == "/services/T1/B2/X3")
        #expect(messages.allSatisfy { $0.receivedAt == clock.now() })
        #expect(chat.requests == 5)
    }

    @Test func aWaitEndsWithThePostThatSatisfiesItOrTimesOutSayingWhatCame() async throws {
        let chat = FakeChatReceiver(config: FakeChatConfig(failFirst: 1))
        try await chat.withRunningServer { (base: String) async throws -> Void in
            async let second = chat.wait(for: "the second post") { messages, requests in requests == 2 && !messages.isEmpty }
            #expect(try await post(base + "/hooks/a", body: #"{"text":"first"}"#).status == 500)
            #expect(try await post(base + "/hooks/a", body: #"{"text":"second"}"#).status == 200)
            #expect(try await second.compactMap(\.text) == ["second"])
            // Already true: no request needed.
            #expect(try await chat.wait(upTo: .zero, for: "the first answer") { _, requests in requests == 2 }.count == 1)
            let never = await #expect(throws: SimulatorError.self) {
                try await chat.wait(upTo: .milliseconds(50), for: "a third post") { messages, _ in messages.count == 3 }
            }
            #expect(never.map(String.init(describing:)) == #"timed out waiting for a third post within 0.05 seconds (the chat received ["second"])"#)
        }
    }

    @Test func malformedPayloadsGetTheServicesErrorBodies() async throws {
        let chat = FakeChatReceiver(config: FakeChatConfig(hookIDs: ["known"]))
        try await chat.withRunningServer { base in
            for body in ["not json", #"{"username":"zoomdash"}"#, #"{"text":""}"#, #"{"text":42}"#] {
                let reply = try await post(base + "/hooks/known", body: body)
                #expect(reply.status == 400)
                let error = try #require(try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])
                #expect(error["id"] as? String == "web.incoming_webhook.parse.app_error")
                #expect(error["message"] as? String == "Unable to parse incoming data")
                #expect(error["status_code"] as? Int == 400)
                #expect((error["request_id"] as? String)?.count == 26)
            }
            #expect(try await post(base + "/hooks/other", body: #"{"text":"hi"}"#).status == 404)
            let slack = try await post(base + "/services/T1/B2/X3", body: #"{"attachments":[]}"#)
            #expect(slack.status == 400)
            #expect(slack.body == "invalid_payload")
            #expect(try await post(base + "/services/T1/B2/X3", body: "{").body == "invalid_payload")
        }
        #expect(chat.messages.isEmpty)
        #expect(chat.requests == 7)
    }

    @Test func failFirstAnswers500ThenAccepts() async throws {
        let chat = FakeChatReceiver(config: FakeChatConfig(failFirst: 2))
        try await chat.withRunningServer { base in
            let first = try await post(base + "/hooks/h", body: #"{"text":"one"}"#)
            #expect(first.status == 500)
            #expect(first.body.contains(#""status_code":500"#))
            let second = try await post(base + "/services/T/B/X", body: #"{"text":"one"}"#)
            #expect(second.status == 500)
            #expect(second.body == "rollup_error")
            #expect(try await post(base + "/hooks/h", body: #"{"text":"one"}"#).status == 200)
        }
        #expect(chat.messages.map(\.text) == ["one"])
        #expect(chat.requests == 3)
    }

    @Test func rateLimitAnswers429WithRetryAfterUntilTheNextMinute() async throws {
        // 20 s into a minute: the window reopens in 40 s.
        let clock = ZoomSimTestClock(Date(timeIntervalSince1970: 1_742_472_020))
        let chat = FakeChatReceiver(config: FakeChatConfig(rateLimitPerMinute: 2, clock: { clock.now() }))
        try await chat.withRunningServer { base in
            #expect(try await post(base + "/hooks/h", body: #"{"text":"1"}"#).status == 200)
            #expect(try await post(base + "/services/T/B/X", body: #"{"text":"2"}"#).status == 200)
            let limited = try await post(base + "/hooks/h", body: #"{"text":"3"}"#)
            #expect(limited.status == 429)
            #expect(limited.retryAfter == "40")
            clock.advance(40)
            #expect(try await post(base + "/hooks/h", body: #"{"text":"4"}"#).status == 200)
        }
        #expect(chat.messages.compactMap(\.text) == ["1", "2", "4"])
        #expect(chat.requests == 4)
    }

    @Test func fakeMessagesEndpointListsAcceptedMessages() async throws {
        let chat = FakeChatReceiver()
        try await chat.withRunningServer { base in
            _ = try await post(base + "/hooks/h", body: #"{"text":"listed"}"#)
            let (data, _) = try await URLSession.shared.data(from: URL(string: base + "/fake/messages")!)
            let listed = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            #expect(listed.count == 1)
            #expect(listed.first?["text"] as? String == "listed")
            #expect(listed.first?["flavour"] as? String == "mattermost")
        }
    }
}
