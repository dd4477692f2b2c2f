import Foundation
import Testing
import ZoomDashCore
import ZoomDashHTTPClient
@testable import ZoomDashPlugins
import ZoomDashStorage
import ZoomSimKit

/// The whole doctor against an in-process zoomsim over real HTTP, with a real config file, store and
/// file system: the all-green setup, then one thing wrong at a time.
@Suite(.timeLimit(.minutes(5)))
struct DoctorZoomSimTests {
    /// A setup as an admin would leave it: config readable by its owner only, a store, the secrets in the file.
    struct Setup {
        var directory: String
        var configPath: String { directory + "/zoomdash.toml" }
        var storePath: String { directory + "/zoomdash.sqlite" }

        init() throws {
            directory = try DoctorTesting.directory()
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        }

        func write(baseURL: String, zoom: String = "", extra: String = "", secretInFile: Bool = true, mode: Int16 = 0o600) throws {
            let config = """
                [store]
                path = "\(storePath)"
                [zoom]
                account_id = "sim-account"
                client_id = "sim-client"
                \(secretInFile ? "client_secret = \"sim-secret\"" : "")
                api_url = "\(baseURL)/v2"
                oauth_url = "\(baseURL)/oauth/token"
                \(zoom)
                [http]
                listen = "127.0.0.1:0"
                [webhook]
                secret_token = "sim-webhook-secret"
                [export]
                directory = "\(directory)/export"
                \(extra)
                """
            try DoctorTesting.write(config, to: configPath, mode: mode)
            _ = try ZoomDashStore(path: storePath)
        }

        func run(variables: [String: String] = [:]) async -> DoctorReport {
            await Doctor(environment: DoctorTesting.environment(variables: variables)).run(commandLinePath: configPath)
        }
    }

    static func simulator(_ config: SimulatorConfig = SimulatorConfig()) -> ZoomSimulator {
        var config = config
        config.scenario = ScenarioOptions(seed: 3, days: 2, hosts: 1, classesPerHostPerDay: 1)
        return ZoomSimulator(config: config)
    }

    static func notGreen(_ report: DoctorReport) -> String {
        report.checks.filter { $0.status == .warning || $0.status == .problem }.map { "\($0.id): \($0.detail)" }.joined(separator: "\n")
    }

    @Test func aCompleteSetupIsAllGreen() async throws {
        let setup = try Setup()
        let report = try await Self.simulator().withRunningServer { baseURL in
            try setup.write(baseURL: baseURL)
            return await setup.run()
        }
        #expect(report.exitCode == 0)
        #expect(report.count(.warning) == 0 && report.count(.problem) == 0, "\(Self.notGreen(report))")
        let ids = report.checks.map(\.id)
        #expect(ids == [
            "config", "secrets", "permissions", "zoom.reachability", "zoom.clock", "zoom.token", "zoom.scopes", "zoom.dashboard", "zoom.budget",
            "webhook.secret", "webhook.listener", "webhook.delivery", "sinks.csv", "store", "pipeline", "systemd",
        ])
        #expect(DoctorTesting.check(report, "zoom.dashboard").facts["available"] == .flag(true))
        #expect(DoctorTesting.check(report, "webhook.delivery").status == .ok)
        #expect(DoctorTesting.check(report, "webhook.listener").status == .skipped)
        #expect(DoctorTesting.check(report, "secrets").facts["zoom.client_secret"] == .text("file:\(setup.configPath)"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        #expect(json["exit_code"] as? Int == 0)
    }

    @Test func missingScopesAreNamed() async throws {
        let setup = try Setup()
        // A new app with granular scopes, but without the Report API's participants.
        let scopes = ["user:read:list_users:admin", "report:read:user:admin", "dashboard:read:list_meetings:admin"]
        let report = try await Self.simulator(SimulatorConfig(scopes: scopes)).withRunningServer { baseURL in
            try setup.write(baseURL: baseURL)
            return await setup.run()
        }
        let check = DoctorTesting.check(report, "zoom.scopes")
        #expect(check.status == .problem)
        #expect(check.detail.contains("report:read:list_meeting_participants:admin (classic: report:read:admin)"))
        #expect(DoctorTesting.list(check.facts["missing"]).contains("dashboard:read:list_meeting_participants_qos:admin"))
        #expect(DoctorTesting.list(check.facts["granted"]) == scopes.sorted())
        // The one Dashboard call the doctor makes is within what the token has.
        #expect(DoctorTesting.check(report, "zoom.dashboard").status == .ok)
        #expect(report.exitCode == 1)
    }

    @Test func aProPlanWithoutTheDashboardIsAWarningWithItsConsequence() async throws {
        let setup = try Setup()
        let report = try await Self.simulator(SimulatorConfig(plan: .pro)).withRunningServer { baseURL in
            try setup.write(baseURL: baseURL, zoom: #"plan = "pro""#)
            return await setup.run()
        }
        let check = DoctorTesting.check(report, "zoom.dashboard")
        #expect(check.status == .warning)
        #expect(check.detail.contains("Report API"))
        #expect(check.detail.contains("inferred from quick rejoins only") && check.detail.contains("no call quality (QoS)"))
        #expect(check.facts["available"] == .flag(false))
        #expect(report.exitCode == 0)
        #expect(report.count(.warning) == 1 && report.count(.problem) == 0, "\(Self.notGreen(report))")
    }

    @Test func aWrongClientSecretIsAProblem() async throws {
        let setup = try Setup()
        let report = try await Self.simulator(SimulatorConfig(clientSecret: "the-real-one")).withRunningServer { baseURL in
            try setup.write(baseURL: baseURL)
            return await setup.run()
        }
        let token = DoctorTesting.check(report, "zoom.token")
        #expect(token.status == .problem)
        #expect(token.detail.contains("Invalid client_id or client_secret"))
        #expect(token.fix?.contains(setup.configPath) == true)
        #expect(["zoom.scopes", "zoom.dashboard", "zoom.budget"].allSatisfy { DoctorTesting.check(report, $0).status == .skipped })
        #expect(report.exitCode == 1)
    }

    @Test func anUnreachableAPIIsAProblem() async throws {
        let setup = try Setup()
        // A port that was free a moment ago: nothing listens there.
        let closed = try await Self.simulator().withRunningServer { $0 }
        try setup.write(baseURL: closed)
        let report = await setup.run()
        let reachability = DoctorTesting.check(report, "zoom.reachability")
        #expect(reachability.status == .problem)
        #expect(reachability.detail.contains(closed))
        #expect(DoctorTesting.check(report, "zoom.token").status == .problem)
        #expect(DoctorTesting.check(report, "zoom.clock").status == .skipped)
        #expect(report.exitCode == 1)
    }

    @Test func aWorldReadableCredentialFileIsAProblem() async throws {
        let setup = try Setup()
        let credentials = setup.directory + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: credentials)
        try DoctorTesting.write("sim-secret\n", to: credentials + "/zoom-client-secret", mode: 0o644)
        let report = try await Self.simulator().withRunningServer { baseURL in
            try setup.write(baseURL: baseURL, secretInFile: false)
            return await setup.run(variables: ["CREDENTIALS_DIRECTORY": credentials])
        }
        #expect(DoctorTesting.check(report, "secrets").facts["zoom.client_secret"] == .text("credential:\(credentials)/zoom-client-secret"))
        #expect(DoctorTesting.check(report, "zoom.token").status == .ok)
        let permissions = DoctorTesting.check(report, "permissions")
        #expect(permissions.status == .problem)
        #expect(DoctorTesting.list(permissions.facts["exposed"]) == [credentials + "/zoom-client-secret"])
        #expect(report.exitCode == 1)
    }

    @Test func aClockBeyondTheWebhookToleranceIsAProblem() async throws {
        let setup = try Setup()
        let report = try await Self.simulator(SimulatorConfig(dateSkewSeconds: 600)).withRunningServer { baseURL in
            try setup.write(baseURL: baseURL)
            return await setup.run()
        }
        let clock = DoctorTesting.check(report, "zoom.clock")
        #expect(clock.status == .problem)
        #expect(clock.detail.contains("behind Zoom's"))
        if case .number(let skew)? = clock.facts["skew_seconds"] { #expect((590...610).contains(skew)) } else { Issue.record("no skew_seconds") }
        #expect(report.exitCode == 1)
    }

    @Test func aDailyLimitUsedUpIsAProblem() async throws {
        let setup = try Setup()
        let report = try await Self.simulator(SimulatorConfig(dailyLimit: 0)).withRunningServer { baseURL in
            try setup.write(baseURL: baseURL)
            return await setup.run()
        }
        let budget = DoctorTesting.check(report, "zoom.budget")
        #expect(budget.status == .problem && budget.detail.contains("used up"))
        #expect(DoctorTesting.check(report, "zoom.dashboard").status == .skipped)
    }

    @Test func sinksAreAskedTheirWay() async throws {
        let setup = try Setup()
        let zoho = FakeZoho()
        let chat = FakeChatReceiver()
        let report = try await Self.simulator().withRunningServer { baseURL in
            try await zoho.withRunningServer { zohoURL in
                try await chat.withRunningServer { chatURL in
                    try setup.write(
                        baseURL: baseURL,
                        extra: """
                            [sinks.zoho]
                            type = "zoho"
                            accounts_url = "\(zohoURL)"
                            api_url = "\(zohoURL)"
                            org_id = "60001234"
                            workspace = "ZoomDash"
                            client_id = "zoho-client"
                            client_secret = "zoho-secret"
                            refresh_token = "wrong-refresh"
                            [sinks.chat]
                            type = "mattermost"
                            webhook_url = "\(chatURL)/hooks/zoomdashdoctortest0000000000"
                            """)
                    let quiet = await setup.run()
                    #expect(DoctorTesting.check(quiet, "sinks.chat").status == .skipped)
                    #expect(chat.messages.isEmpty)
                    return await Doctor(environment: DoctorTesting.environment(sendTestMessage: true)).run(commandLinePath: setup.configPath)
                }
            }
        }
        #expect(DoctorTesting.check(report, "sinks.chat").status == .ok)
        #expect(chat.messages.count == 1)
        let zohoCheck = DoctorTesting.check(report, "sinks.zoho")
        #expect(zohoCheck.status == .problem && zohoCheck.fix?.contains("refresh token") == true)
        #expect(DoctorTesting.check(report, "secrets").facts["sinks.zoho.refresh_token"] == .text("file:\(setup.configPath)"))
    }

    @Test func aBadConfigIsAConfigurationError() async throws {
        let setup = try Setup()
        try DoctorTesting.write("[zoom]\nplan = \"gold\"\n", to: setup.configPath, mode: 0o600)
        let report = await setup.run()
        #expect(report.checks.map(\.id) == ["config"])
        #expect(report.exitCode == 78)
        #expect(report.checks[0].detail.contains("zoom.plan"))
    }
}
