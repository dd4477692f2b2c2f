import Foundation
import Testing
import ZoomSimKit

/// The accounts zoomsim plays for `zoomdashctl doctor`'s tests: a token with fewer scopes (calls
/// outside them answer 400, code 4711) and a server whose `Date` header is off.
@Suite struct ZoomSimDoctorAccountsTests {
    static let scenario = Scenario.generate(ScenarioOptions(seed: 7, endDay: "2025-03-14", days: 3, hosts: 1))
    static let afterScenario = Date(timeIntervalSince1970: 1_742_472_000)  // 2025-03-20T12:00:00Z, a Thursday

    @Test func aReducedScopeStringIsIssuedAndEnforced() async throws {
        let scopes = ["user:read:list_users:admin", "dashboard_meetings:read:admin"]
        let simulator = ZoomSimulator(
            config: SimulatorConfig(scenario: Self.scenario.options, scopes: scopes, clock: { Self.afterScenario }), scenario: Self.scenario)
        try await simulator.withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try await client.token()
            #expect(token.json["scope"] as? String == "dashboard_meetings:read:admin user:read:list_users:admin")
            let access = try #require(token.json["access_token"] as? String)
            #expect(try await client.get("/v2/users", token: access).status == 200)
            #expect(try await client.get("/v2/metrics/meetings?type=past&from=2025-03-10&to=2025-03-14", token: access).status == 200)
            let refused = try await client.get("/v2/report/users/u/meetings?from=2025-03-10&to=2025-03-14", token: access)
            #expect(refused.status == 400)
            #expect(refused.json["code"] as? Int == 4711)
            #expect(refused.json["message"] as? String == "Invalid access token, does not contain scopes:[report:read:user:admin].")
        }
    }

    @Test func withoutAnExplicitListNothingIsEnforcedAndTheDateIsTheServers() async throws {
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: Self.scenario.options, plan: .pro), scenario: Self.scenario)
        try await simulator.withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try await client.token()
            #expect(token.json["scope"] as? String == "meeting:read:admin report:read:admin user:read:admin")
            let date = try #require(token.header("Date"))
            let sent = try #require(Self.parse(date))
            // A loaded machine may take seconds to answer; a skew switch moves the Date by minutes.
            #expect(abs(sent.timeIntervalSinceNow) < 60)
        }
    }

    @Test func theDateHeaderCanBeSkewed() async throws {
        let simulator = ZoomSimulator(
            config: SimulatorConfig(scenario: Self.scenario.options, dateSkewSeconds: -90, clock: { Self.afterScenario }), scenario: Self.scenario)
        try await simulator.withRunningServer { base in
            let client = ZoomSimClient(base: base)
            let token = try await client.token()
            let refused = try await client.send("GET", "/v2/users")
            #expect(token.header("Date") == "Thu, 20 Mar 2025 11:58:30 GMT")
            #expect(refused.header("Date") == "Thu, 20 Mar 2025 11:58:30 GMT")
        }
    }

    static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: text)
    }
}
