import Foundation
import Synchronization
import Testing
import ZoomSimKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A settable clock so expiry and rate-limit windows are tested without sleeping.
final class ZoomSimTestClock: Sendable {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Minimal HTTP client for the simulator.
struct ZoomSimClient: Sendable {
    struct Reply: @unchecked Sendable {
        let status: Int
        let headers: [AnyHashable: Any]
        let json: [String: Any]
        func header(_ name: String) -> String? {
            headers.first { ($0.key as? String)?.lowercased() == name.lowercased() }?.value as? String
        }
    }

    let base: String

    func send(_ method: String, _ pathAndQuery: String, headers: [String: String] = [:], body: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + pathAndQuery)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Reply(status: http.statusCode, headers: http.allHeaderFields, json: json)
    }

    func token(secret: String = "sim-secret") async throws -> Reply {
        try await send(
            "POST", "/oauth/token",
            headers: ["Authorization": "Basic " + Data("sim-client:\(secret)".utf8).base64EncodedString(),
                      "Content-Type": "application/x-www-form-urlencoded"],
            body: "grant_type=account_credentials&account_id=sim-account")
    }

    func get(_ pathAndQuery: String, token: String) async throws -> Reply {
        try await send("GET", pathAndQuery, headers: ["Authorization": "Bearer \(token)"])
    }
}

@Suite struct ZoomSimServerTests {
    static let scenario = Scenario.generate(ScenarioOptions(seed: 42, endDay: "2025-03-14", days: 10, hosts: 4))
    static let afterScenario = Date(timeIntervalSince1970: 1_742_472_000)  // 2025-03-20T12:00:00Z

    func simulator(clock: ZoomSimTestClock, _ adjust: (inout SimulatorConfig) -> Void = { _ in }) -> ZoomSimulator {
        var config = SimulatorConfig(scenario: Self.scenario.options, clock: { clock.now() })
        adjust(&config)
        return ZoomSimulator(config: config, scenario: Self.scenario)
    }

    @Test func tokenPaginationAndDoubleEncodingOverHTTP() async throws {
        let clock = ZoomSimTestClock(Self.afterScenario)
        try await simulator(clock: clock).withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let queryOnly = try await client.send(
                "POST", "/oauth/token?grant_type=account_credentials&account_id=sim-account",
                headers: ["Authorization": "Basic " + Data("sim-client:sim-secret".utf8).base64EncodedString()])
            #expect(queryOnly.status == 400)
            #expect(try await client.token(secret: "wrong").json["error"] as? String == "invalid_client")
            let tokenReply = try await client.token()
            #expect(tokenReply.status == 200)
            #expect(tokenReply.json["token_type"] as? String == "bearer")
            let token = try #require(tokenReply.json["access_token"] as? String)

            #expect(try await client.get("/v2/users", token: "bogus").json["code"] as? Int == 124)

            // Both meeting lists reach back six months from today (2025-03-20), not a day more.
            let host = Self.scenario.users[0].id
            for path in ["/v2/metrics/meetings?type=past&", "/v2/report/users/\(host)/meetings?"] {
                let tooOld = try await client.get(path + "from=2024-09-19&to=2024-09-25", token: token)
                #expect(tooOld.status == 400 && tooOld.json["code"] as? Int == 300, "\(path)")
                #expect((tooOld.json["message"] as? String ?? "").lowercased().contains("6 months")
                    || (tooOld.json["message"] as? String ?? "").contains("six months"))
                #expect(try await client.get(path + "from=2024-09-20&to=2024-09-25", token: token).status == 200, "\(path)")
            }

            // Paginate the users list to the end.
            var seen: [String] = []
            var next = ""
            repeat {
                let page = try await client.get("/v2/users?page_size=3&next_page_token=\(next)", token: token)
                #expect(page.status == 200)
                #expect(page.header("X-RateLimit-Category") == "Medium")
                #expect(page.header("x-zm-trackingid") != nil)
                seen += (page.json["users"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(page.json["total_records"] as? Int == Self.scenario.users.count)
                next = page.json["next_page_token"] as? String ?? ""
            } while !next.isEmpty
            #expect(seen == Self.scenario.users.map(\.id))

            // A UUID beginning with "/" only works double-encoded.
            let meeting = try #require(Self.scenario.meetings.first { $0.uuid.hasPrefix("/") && $0.participantCount >= 2 })
            let once = PercentEncoding.encode(meeting.uuid)
            let single = try await client.get("/v2/report/meetings/\(once)/participants", token: token)
            #expect(single.status == 404)
            #expect(single.json["code"] as? Int == 3001)
            let double = try await client.get("/v2/report/meetings/\(PercentEncoding.meetingPathComponent(meeting.uuid))/participants?page_size=300", token: token)
            #expect(double.status == 200)
            let participants = double.json["participants"] as? [[String: Any]] ?? []
            #expect(participants.count == meeting.records.count)
            #expect(participants.allSatisfy { $0["leave_reason"] == nil && $0["participant_uuid"] == nil })

            // A UUID with a single "/" works encoded once.
            let plain = try #require(Self.scenario.meetings.first { $0.uuid.contains("/") && !$0.uuid.hasPrefix("/") && !$0.uuid.contains("//") })
            let dashboard = try await client.get("/v2/metrics/meetings/\(PercentEncoding.encode(plain.uuid))/participants?type=past", token: token)
            #expect(dashboard.status == 200)
            #expect((dashboard.json["participants"] as? [[String: Any]])?.first?["leave_reason"] is String)

            // Expiry of page tokens and access tokens.
            let first = try await client.get("/v2/users?page_size=1", token: token)
            let pageToken = try #require(first.json["next_page_token"] as? String)
            clock.advance(901)
            let stale = try await client.get("/v2/users?page_size=1&next_page_token=\(pageToken)", token: token)
            #expect(stale.status == 400 && stale.json["code"] as? Int == 300)
            clock.advance(3600)
            let expired = try await client.get("/v2/users", token: token)
            #expect(expired.status == 401 && expired.json["code"] as? Int == 124)
        }
    }

    @Test func rateLimitsAndDailyCap() async throws {
        let clock = ZoomSimTestClock(Self.afterScenario)
        let sim = simulator(clock: clock) { $0.rateLimitScale = 0.05; $0.dailyLimit = 5 }
        try await sim.withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try #require(try await client.token().json["access_token"] as? String)
            let meetingID = Self.scenario.meetings.first { $0.participantCount >= 2 }!.id
            // Heavy: 40 × 0.05 = 2 per second; the clock does not move, so the third call is limited.
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await client.get("/v2/report/meetings/\(meetingID)", token: token).status) }
            #expect(statuses == [200, 200, 429])
            let limited = try await client.get("/v2/report/meetings/\(meetingID)", token: token)
            #expect(limited.json["code"] as? Int == 429)
            #expect(limited.header("X-RateLimit-Type") == "QPS")
            #expect(limited.header("X-RateLimit-Remaining") == "0")
            // Next second: window resets; the daily cap (5) is reached after three more.
            clock.advance(1)
            _ = try await client.get("/v2/report/meetings/\(meetingID)", token: token)
            _ = try await client.get("/v2/report/meetings/\(meetingID)", token: token)
            clock.advance(1)
            _ = try await client.get("/v2/report/meetings/\(meetingID)", token: token)
            let daily = try await client.get("/v2/report/meetings/\(meetingID)", token: token)
            #expect(daily.status == 429)
            #expect(daily.header("X-RateLimit-Type") == "Daily-limit")
            #expect(daily.header("Retry-After") == "2025-03-21T00:00:00Z")
            // Medium calls are not subject to the Heavy/Resource-intensive daily cap.
            #expect(try await client.get("/v2/users", token: token).status == 200)

            let stats = try await client.send("GET", "/_sim/stats")
            #expect(stats.json["rate_limited_429"] as? Int == 3)
            #expect(stats.json["heavy_first_request"] is String)
        }
    }

    @Test func dashboardUnavailableOnProAndInjectedFailures() async throws {
        let clock = ZoomSimTestClock(Self.afterScenario)
        try await simulator(clock: clock) { $0.plan = .pro }.withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try #require(try await client.token().json["access_token"] as? String)
            let reply = try await client.get("/v2/metrics/meetings?type=past&from=2025-03-10&to=2025-03-14", token: token)
            #expect(reply.status == 400 && reply.json["code"] as? Int == 200)
        }
        try await simulator(clock: clock) { $0.failureRate = 1 }.withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try #require(try await client.token().json["access_token"] as? String)
            let reply = try await client.get("/v2/users", token: token)
            #expect([500, 502, 503].contains(reply.status))
        }
    }

    @Test func meetingsAreInvisibleUntilTheyEnd() async throws {
        let meeting = Self.scenario.meetings.last!
        let clock = ZoomSimTestClock(meeting.end.addingTimeInterval(-60))
        try await simulator(clock: clock).withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try #require(try await client.token().json["access_token"] as? String)
            let path = "/v2/past_meetings/\(PercentEncoding.meetingPathComponent(meeting.uuid))"
            #expect(try await client.get(path, token: token).status == 404)
            clock.advance(60)
            #expect(try await client.get(path, token: token).status == 200)
        }
    }
}
