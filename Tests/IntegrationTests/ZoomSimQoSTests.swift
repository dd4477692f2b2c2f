import Foundation
import Testing
import ZoomSimKit

extension ZoomSimClient {
    /// Every QoS participant object of a meeting, following `next_page_token` to the end.
    func allQoS(_ meeting: SimMeeting, token: String, type: String = "past") async throws -> [[String: Any]] {
        var participants: [[String: Any]] = []
        var next = ""
        repeat {
            let page = try await get(
                "/v2/metrics/meetings/\(PercentEncoding.meetingPathComponent(meeting.uuid))/participants/qos?type=\(type)&page_size=10&next_page_token=\(next)",
                token: token)
            try #require(page.status == 200)
            participants += page.json["participants"] as? [[String: Any]] ?? []
            next = page.json["next_page_token"] as? String ?? ""
        } while !next.isEmpty
        return participants
    }
}

@Suite struct ZoomSimQoSTests {
    static let scenario = ZoomSimServerTests.scenario
    static let withData = Set(scenario.truthQuality().map(\.meetingUUID))

    func simulator(clock: ZoomSimTestClock, plan: ZoomPlan = .business) -> ZoomSimulator {
        ZoomSimulator(config: SimulatorConfig(scenario: Self.scenario.options, plan: plan, clock: { clock.now() }), scenario: Self.scenario)
    }

    static func path(_ meeting: SimMeeting, _ suffix: String = "") -> String {
        "/v2/metrics/meetings/\(PercentEncoding.meetingPathComponent(meeting.uuid))/participants\(suffix)/qos"
    }

    @Test func pagesHoldAtMostTenConnectionsInTheParticipantListOrder() async throws {
        let meeting = try #require(Self.scenario.meetings.first { $0.records.count > 20 && Self.withData.contains($0.uuid) })
        try await simulator(clock: ZoomSimTestClock(ZoomSimServerTests.afterScenario)).withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try #require(try await client.token().json["access_token"] as? String)
            let single = try await client.get(Self.path(meeting) + "?type=past", token: token)
            #expect(single.json["page_size"] as? Int == 1 && (single.json["participants"] as? [Any])?.count == 1)
            let clamped = try await client.get(Self.path(meeting) + "?type=past&page_size=50", token: token)
            #expect(clamped.json["page_size"] as? Int == 10 && (clamped.json["participants"] as? [Any])?.count == 10)
            #expect(clamped.header("X-RateLimit-Category") == "Heavy")

            let all = try await client.allQoS(meeting, token: token)
            #expect(all.map { $0["user_id"] as? String } == meeting.records.map(\.userID))
            #expect(all.map { $0["participant_uuid"] as? String } == meeting.records.map(\.participantUUID))

            // The per-connection endpoint answers the same object, unwrapped.
            let first = try #require(all.first)
            let one = try await client.get(Self.path(meeting, "/\(meeting.records[0].userID)") + "?type=past", token: token)
            let sorted = { (object: [String: Any]) in try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }
            #expect(try sorted(one.json) == sorted(first))
            let unknown = try await client.get(Self.path(meeting, "/1") + "?type=past", token: token)
            #expect(unknown.status == 404)
            #expect(try await client.get(Self.path(meeting) + "?type=pastOne", token: token).status == 400)
        }
    }

    @Test func meetingsSpellUnitsOneOfTwoWays() async throws {
        let meetings = Self.scenario.meetings.filter { Self.withData.contains($0.uuid) }.prefix(16)
        try await simulator(clock: ZoomSimTestClock(ZoomSimServerTests.afterScenario)).withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try #require(try await client.token().json["access_token"] as? String)
            var spellings: Set<String> = []
            for meeting in meetings {
                let page = try await client.get(Self.path(meeting) + "?type=past", token: token)
                let samples = (page.json["participants"] as? [[String: Any]])?.first?["user_qos"] as? [[String: Any]] ?? []
                let latency = try #require((samples.first?["audio_output"] as? [String: Any])?["latency"] as? String)
                spellings.insert(latency.hasSuffix(" ms") ? "spaced" : "compact")
            }
            #expect(spellings == ["spaced", "compact"])
        }
    }

    @Test func proPlanHasNoDashboard() async throws {
        let meeting = Self.scenario.meetings[0]
        try await simulator(clock: ZoomSimTestClock(ZoomSimServerTests.afterScenario), plan: .pro).withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try #require(try await client.token().json["access_token"] as? String)
            for path in [Self.path(meeting), Self.path(meeting, "/\(meeting.records[0].userID)")] {
                let reply = try await client.get(path + "?type=past", token: token)
                #expect(reply.status == 400 && reply.json["code"] as? Int == 200)
                #expect((reply.json["message"] as? String ?? "").contains("Dashboard feature"))
            }
        }
    }

    @Test func liveMeetingsOnlyHaveSamplesUpToNow() async throws {
        let meeting = try #require(Self.scenario.meetings.first { $0.isClass && Self.withData.contains($0.uuid) })
        let now = meeting.start.addingTimeInterval(20 * 60 + 30)
        try await simulator(clock: ZoomSimTestClock(now)).withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try #require(try await client.token().json["access_token"] as? String)
            #expect(try await client.get(Self.path(meeting) + "?type=past", token: token).status == 404)
            let live = try await client.allQoS(meeting, token: token, type: "live")
            #expect(live.count == meeting.records.filter { $0.joinTime <= now }.count)
            #expect(live.contains { $0["leave_time"] == nil })
            let times = live.flatMap { ($0["user_qos"] as? [[String: Any]] ?? []).compactMap { $0["date_time"] as? String } }
            // Same fixed-width UTC format, so text order is time order.
            #expect(!times.isEmpty && times.allSatisfy { $0 <= UTCTime.iso8601(now) })
            #expect(times.contains(UTCTime.iso8601(epochSeconds: Int(now.timeIntervalSince1970) / 60 * 60)))
        }
    }
}
