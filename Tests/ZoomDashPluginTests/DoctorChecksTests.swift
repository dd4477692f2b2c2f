import Foundation
import Testing
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
@testable import ZoomDashPlugins
import ZoomDashStorage
import ZoomDashZoomAPI

/// Each doctor check on its own, with fakes for what it touches.
@Suite(.timeLimit(.minutes(5)))
struct DoctorChecksTests {
    typealias HTTP = DoctorFakeHTTP

    static func session(_ http: any HTTPClient, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) -> ZoomProbeSession {
        var settings = ZoomSettings()
        settings.accountID = "acct"
        settings.clientID = "client"
        settings.clientSecret = "secret"
        settings.apiURL = "https://api.example/v2"
        settings.oauthURL = "https://oauth.example/oauth/token"
        return ZoomProbeSession(settings: settings, http: http, now: now, logger: DoctorTesting.logger)
    }

    static func token(scope: String) -> HTTPClientResponse {
        HTTP.json(200, #"{"access_token":"T","token_type":"bearer","expires_in":3599,"scope":"\#(scope)"}"#)
    }

    static let classic = "report:read:admin user:read:admin dashboard_meetings:read:admin"

    /// Zoom with a token of `scope` that answers `/metrics` with `dashboard` and `/users` with 401 unless authenticated.
    static func zoom(scope: String = classic, dashboard: HTTPClientResponse = HTTP.json(200, #"{"meetings":[]}"#), date: String? = nil) -> HTTP {
        HTTP { request in
            if request.url.hasPrefix("https://oauth.example") { return token(scope: scope) }
            let authenticated = request.headers.contains { $0.name == "Authorization" }
            if request.url.contains("/metrics/") { return dashboard }
            var headers = ["x-ratelimit-category": "Medium", "x-ratelimit-type": "QPS", "x-ratelimit-limit": "60", "x-ratelimit-remaining": "59"]
            if let date { headers["date"] = date }
            return authenticated ? HTTP.json(200, #"{"users":[]}"#, headers) : HTTP.json(401, #"{"code":124,"message":"Invalid access token."}"#, headers)
        }
    }

    static func httpDate(_ time: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: time))
    }

    // MARK: Zoom

    @Test func reachabilityTakesAny401AsTheWayOpenAndATransportErrorAsAProblem() async {
        let open = await ZoomReachabilityCheck(session: Self.session(Self.zoom())).examine()
        #expect(open.status == .ok)
        #expect(open.detail.contains("HTTP 401"))
        let closed = await ZoomReachabilityCheck(session: Self.session(HTTP { _ in throw HTTP.refused })).examine()
        #expect(closed.status == .problem)
        #expect(closed.fix?.contains("outbound HTTPS") == true)
        let wrongRoot = await ZoomReachabilityCheck(session: Self.session(HTTP { _ in HTTP.json(404, "not found") })).examine()
        #expect(wrongRoot.status == .warning)
        #expect(wrongRoot.fix?.contains("/v2") == true)
    }

    @Test func clockSkewBeyondTheWebhookToleranceIsAProblem() async {
        let now = Date().timeIntervalSince1970
        let fine = await ZoomClockCheck(session: Self.session(Self.zoom(date: Self.httpDate(now)), now: { now }), toleranceSeconds: 300).examine()
        #expect(fine.status == .ok)
        let drifting = await ZoomClockCheck(session: Self.session(Self.zoom(date: Self.httpDate(now + 40)), now: { now }), toleranceSeconds: 300).examine()
        #expect(drifting.status == .warning)
        #expect(drifting.detail.contains("behind"))
        let off = await ZoomClockCheck(session: Self.session(Self.zoom(date: Self.httpDate(now - 900)), now: { now }), toleranceSeconds: 300).examine()
        #expect(off.status == .problem)
        #expect(off.detail.contains("ahead of"))
        #expect(off.facts["skew_seconds"] == .number(-900) || off.facts["skew_seconds"] == .number(-899))
        #expect(off.fix?.contains("timedatectl") == true)
        let undated = await ZoomClockCheck(session: Self.session(Self.zoom()), toleranceSeconds: 300).examine()
        #expect(undated.status == .skipped)
    }

    @Test func tokenRefusalsSayWhichCredentialToFix() async {
        let refused = HTTP { _ in HTTP.json(401, #"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#) }
        let secret = await ZoomTokenCheck(session: Self.session(refused), secretOrigin: .credential(path: "/etc/zoomdash/credentials/zoom-client-secret"))
            .examine()
        #expect(secret.status == .problem)
        #expect(secret.detail.contains("refused client_id client"))
        #expect(secret.fix?.contains("/etc/zoomdash/credentials/zoom-client-secret") == true)
        let account = HTTP { _ in HTTP.json(400, #"{"reason":"Invalid account_id","error":"invalid_request"}"#) }
        let wrongAccount = await ZoomTokenCheck(session: Self.session(account), secretOrigin: .missing).examine()
        #expect(wrongAccount.detail.contains("account_id acct"))
        let down = HTTP { _ in HTTP.json(503, #"{"reason":"down"}"#) }
        #expect(await ZoomTokenCheck(session: Self.session(down), secretOrigin: .missing).examine().fix?.contains("try again") == true)
        let issued = await ZoomTokenCheck(session: Self.session(Self.zoom()), secretOrigin: .missing).examine()
        #expect(issued.status == .ok)
    }

    @Test func missingScopesAreNamedBothWays() async {
        let usage = ZoomUsage(source: .auto, quality: true, plan: .business)
        let granular = "user:read:list_users:admin report:read:user:admin dashboard:read:list_meetings:admin"
        let check = await ZoomScopesCheck(session: Self.session(Self.zoom(scope: granular)), usage: usage).examine()
        #expect(check.status == .problem)
        #expect(check.detail.contains("report:read:list_meeting_participants:admin (classic: report:read:admin)"))
        let missing = DoctorTesting.list(check.facts["missing"])
        #expect(missing == [
            "report:read:list_meeting_participants:admin", "dashboard:read:list_meeting_participants:admin",
            "dashboard:read:list_meeting_participants_qos:admin",
        ])
        #expect(DoctorTesting.list(check.facts["missing_classic"]) == ["report:read:admin", "dashboard_meetings:read:admin"])
        #expect(check.fix?.contains("Add Scopes: report:read:list_meeting_participants:admin") == true)

        let noQuality = await ZoomScopesCheck(session: Self.session(Self.zoom(scope: "report:read:admin user:read:admin")), usage: usage).examine()
        #expect(noQuality.status == .warning)
        #expect(noQuality.detail.contains("inferred"))
        #expect(noQuality.detail.contains("no call quality"))
        let complete = await ZoomScopesCheck(session: Self.session(Self.zoom()), usage: usage).examine()
        #expect(complete.status == .ok)
        let dashboardOnly = ZoomUsage(source: .dashboard, quality: false, plan: .business)
        #expect(await ZoomScopesCheck(session: Self.session(Self.zoom(scope: "report:read:admin")), usage: dashboardOnly).examine().status == .problem)
    }

    @Test func noDashboardIsAWarningWithItsConsequenceAndAProblemWhenTheConfigInsistsOnIt() async {
        let pro = HTTP.json(
            400, #"{"code":200,"message":"This API is only available for ZMP and Business or higher accounts that have enabled the Dashboard feature."}"#,
            ["x-ratelimit-category": "Resource-intensive", "x-ratelimit-limit": "10", "x-ratelimit-type": "QPS"])
        let auto = await ZoomDashboardCheck(session: Self.session(Self.zoom(dashboard: pro)), usage: ZoomUsage(source: .auto, quality: true, plan: .pro))
            .examine()
        #expect(auto.status == .warning)
        #expect(auto.detail.contains("Report API") && auto.detail.contains("inferred") && auto.detail.contains("QoS"))
        #expect(auto.facts["available"] == .flag(false))
        let insisting = await ZoomDashboardCheck(
            session: Self.session(Self.zoom(dashboard: pro)), usage: ZoomUsage(source: .dashboard, quality: false, plan: .pro)
        ).examine()
        #expect(insisting.status == .problem)
        let lacking = HTTP.json(400, #"{"code":4711,"message":"Invalid access token, does not contain scopes:[dashboard:read:list_meetings:admin]."}"#)
        #expect(await ZoomDashboardCheck(session: Self.session(Self.zoom(dashboard: lacking)), usage: ZoomUsage(source: .auto, quality: false, plan: .business))
            .examine().status == .skipped)
        #expect(await ZoomDashboardCheck(session: Self.session(Self.zoom()), usage: ZoomUsage(source: .report, quality: false, plan: .pro))
            .examine().status == .skipped)
        #expect(await ZoomDashboardCheck(session: Self.session(Self.zoom()), usage: ZoomUsage(source: .auto, quality: true, plan: .business))
            .examine().status == .ok)
    }

    @Test func theBudgetReportsADailyLimitUsedUpAndAPlanThatPacesTooFast() async {
        let usedUp = HTTP.json(
            429, #"{"code":429,"message":"You have reached the maximum daily rate limit for this API."}"#,
            ["x-ratelimit-type": "Daily-limit", "x-ratelimit-category": "Resource-intensive", "retry-after": "2030-01-02T00:00:00Z"])
        let daily = await ZoomBudgetCheck(session: Self.session(Self.zoom(dashboard: usedUp)), usage: ZoomUsage(source: .auto, quality: false, plan: .business))
            .examine()
        #expect(daily.status == .problem)
        #expect(daily.detail.contains("2030-01-02T00:00:00Z"))
        let proLimits = HTTP.json(200, "{}", ["x-ratelimit-category": "Resource-intensive", "x-ratelimit-limit": "10", "x-ratelimit-type": "QPS"])
        let tooFast = await ZoomBudgetCheck(
            session: Self.session(Self.zoom(dashboard: proLimits)), usage: ZoomUsage(source: .auto, quality: false, plan: .business)
        ).examine()
        #expect(tooFast.status == .warning)
        #expect(tooFast.fix == "set [zoom] plan = \"pro\"")
        let low = HTTP.json(200, "{}", ["x-ratelimit-category": "Heavy", "x-ratelimit-type": "Daily-limit", "x-ratelimit-remaining": "1200"])
        let lowCheck = await ZoomBudgetCheck(session: Self.session(Self.zoom(dashboard: low)), usage: ZoomUsage(source: .auto, quality: false, plan: .business))
            .examine()
        #expect(lowCheck.status == .warning)
        #expect(lowCheck.facts["daily_remaining"] == .number(1200))
        // Report only: the one authenticated call is GET /users (Medium, 60 a second on Business).
        let fine = await ZoomBudgetCheck(session: Self.session(Self.zoom()), usage: ZoomUsage(source: .report, quality: false, plan: .business)).examine()
        #expect(fine.status == .ok)
        #expect(fine.detail.contains("60 Medium requests per window"))
    }

    @Test func theSessionAsksZoomOnceForEachCall() async {
        let http = Self.zoom()
        let session = Self.session(http)
        let usage = ZoomUsage(source: .auto, quality: true, plan: .business)
        let probes: [any DoctorProbe] = [
            ZoomReachabilityCheck(session: session), ZoomClockCheck(session: session, toleranceSeconds: 300),
            ZoomTokenCheck(session: session, secretOrigin: .missing), ZoomScopesCheck(session: session, usage: usage),
            ZoomDashboardCheck(session: session, usage: usage), ZoomBudgetCheck(session: session, usage: usage),
        ]
        for probe in probes { _ = await probe.examine() }
        #expect(http.requests.count == 3)
    }

    // MARK: Webhooks

    @Test func webhookSecretAndTheInProcessDelivery() async {
        #expect(await WebhookSecretCheck(secretToken: "", origin: .missing).examine().status == .warning)
        let set = await WebhookSecretCheck(secretToken: "s", origin: .environment(variable: "ZOOM_WEBHOOK_SECRET_TOKEN")).examine()
        #expect(set.status == .ok && set.detail.contains("env ZOOM_WEBHOOK_SECRET_TOKEN"))
        let delivery = await WebhookDeliveryCheck(secretToken: "a secret", toleranceSeconds: 300, now: { Date().timeIntervalSince1970 }).examine()
        #expect(delivery.status == .ok, "\(delivery.detail)")
        #expect(delivery.facts["repeat"] == .text("duplicate"))
        #expect(await WebhookDeliveryCheck(secretToken: "", toleranceSeconds: 300, now: { 0 }).examine().status == .skipped)
    }

    @Test func theListenerMustBeZoomdashdAndHealthy() async {
        var settings = HTTPSettings()
        func check(_ http: HTTP) async -> DoctorCheck {
            await WebhookListenerCheck(settings: settings, webhookPath: "/zoom/webhook", http: http).examine()
        }
        let healthy = await check(HTTP { _ in HTTP.json(200, #"{"status":"ok"}"#) })
        #expect(healthy.status == .ok)
        let sick = await check(HTTP { _ in HTTP.json(503, #"{"status":"unhealthy","reasons":["the store does not take writes"]}"#) })
        #expect(sick.status == .problem && sick.detail.contains("the store does not take writes"))
        #expect(await check(HTTP { _ in HTTP.json(404, "<html>nginx</html>") }).detail.contains("something other than zoomdashd"))
        let down = await check(HTTP { _ in throw HTTP.refused })
        #expect(down.status == .problem && down.fix?.contains("systemctl start zoomdashd") == true)
        settings.host = "0.0.0.0"
        let asked = HTTP { _ in HTTP.json(200, #"{"status":"ok"}"#) }
        _ = await check(asked)
        #expect(asked.requests.first?.url == "http://127.0.0.1:9465/healthz")
        settings.port = 0
        #expect(await check(asked).status == .skipped)
    }

    // MARK: Files

    static func inventory(config: ZoomDashConfig = ZoomDashConfig(), path: String, environment: [String: String] = [:]) -> SecretInventory {
        SecretInventory(config: config, configPath: path, environment: environment, usesZoom: true)
    }

    @Test func secretsSayWhereEachCameFrom() async throws {
        let directory = try DoctorTesting.directory()
        try DoctorTesting.write("hook-secret\n", to: directory + "/zoom-webhook-secret", mode: 0o600)
        var config = ZoomDashConfig()
        config.zoom.clientSecret = "from-env"
        config.webhook.secretToken = "hook-secret"
        let inventory = Self.inventory(
            config: config, path: "/etc/zd.toml", environment: ["ZOOM_CLIENT_SECRET": "from-env", "CREDENTIALS_DIRECTORY": directory])
        let check = await SecretsCheck(inventory: inventory, files: LocalFileSystem()).examine()
        #expect(check.status == .ok)
        #expect(check.facts["zoom.client_secret"] == .text("env:ZOOM_CLIENT_SECRET"))
        #expect(check.facts["webhook.secret_token"] == .text("credential:\(directory)/zoom-webhook-secret"))
        #expect(inventory.credentialFiles == [directory + "/zoom-webhook-secret"])
        #expect(!inventory.fileHoldsSecrets)

        config.zoom.clientSecret = ""
        let missing = await SecretsCheck(inventory: Self.inventory(config: config, path: "/etc/zd.toml"), files: LocalFileSystem()).examine()
        #expect(missing.status == .problem && missing.detail.contains("zoom.client_secret"))
        // Root's credentials directory, read by someone else: not "missing", unreadable.
        var guarded = FakeFiles()
        guarded.add("/etc/zoomdash/credentials/zoom-client-secret", 0o600, directoryMode: 0o700)
        guarded.unreadable = ["/etc/zoomdash/credentials", "/etc/zoomdash/credentials/zoom-client-secret"]
        let installed = Self.inventory(config: config, path: ConfigLoader.defaultPath)
        let unreadable = await SecretsCheck(inventory: installed, files: guarded).examine()
        #expect(unreadable.status == .problem && unreadable.fix?.contains("sudo zoomdashctl doctor") == true)
        config.zoom.clientSecret = "in-file"
        let inFile = Self.inventory(config: config, path: "/etc/zd.toml")
        #expect(inFile.fileHoldsSecrets)
        #expect(await SecretsCheck(inventory: inFile, files: LocalFileSystem()).examine().facts["zoom.client_secret"] == .text("file:/etc/zd.toml"))
    }

    @Test func secretsOthersCanReadAreAProblemUnlessADirectoryKeepsThemOut() async {
        var config = ZoomDashConfig()
        config.zoom.clientSecret = "in-file"
        let inventory = Self.inventory(config: config, path: "/etc/zoomdash/zoomdash.toml")
        var files = FakeFiles()
        files.add("/etc/zoomdash/zoomdash.toml", 0o644)
        let exposed = await PermissionsCheck(inventory: inventory, configExists: true, usersFile: nil, files: files).examine()
        #expect(exposed.status == .problem)
        #expect(DoctorTesting.list(exposed.facts["exposed"]) == ["/etc/zoomdash/zoomdash.toml"])
        #expect(exposed.fix?.contains("credentials") == true)

        var shielded = FakeFiles()
        shielded.add("/etc/zoomdash/zoomdash.toml", 0o644)
        shielded.entries["/etc/zoomdash"] = FileStatus(permissions: 0o750, isDirectory: true)
        let kept = await PermissionsCheck(inventory: inventory, configExists: true, usersFile: nil, files: shielded).examine()
        #expect(kept.status == .ok, "\(kept.detail)")
        #expect(kept.detail.contains("others kept out by /etc/zoomdash (0750)"))

        let secretless = Self.inventory(path: "/etc/zoomdash/zoomdash.toml")
        #expect(await PermissionsCheck(inventory: secretless, configExists: true, usersFile: nil, files: files).examine().status == .ok)
        var writable = FakeFiles()
        writable.add("/etc/zoomdash/zoomdash.toml", 0o666)
        #expect(await PermissionsCheck(inventory: secretless, configExists: true, usersFile: nil, files: writable).examine().status == .problem)
        var users = files
        users.add("/etc/zoomdash/dashboard.htpasswd", 0o644)
        let hashes = await PermissionsCheck(inventory: secretless, configExists: true, usersFile: "/etc/zoomdash/dashboard.htpasswd", files: users)
            .examine()
        #expect(hashes.status == .warning && hashes.detail.contains("password hashes"))
    }

    @Test func aWorldReadableCredentialFileIsAProblem() async throws {
        let directory = try DoctorTesting.directory()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        try DoctorTesting.write("s3cret", to: directory + "/zoom-client-secret", mode: 0o644)
        var config = ZoomDashConfig()
        config.zoom.clientSecret = "s3cret"
        let inventory = Self.inventory(config: config, path: "/nonexistent.toml", environment: ["CREDENTIALS_DIRECTORY": directory])
        let check = await PermissionsCheck(inventory: inventory, configExists: false, usersFile: nil, files: LocalFileSystem()).examine()
        #expect(check.status == .problem)
        #expect(check.detail.contains("\(directory)/zoom-client-secret 0644"))
        #expect(check.fix == "sudo chmod 600 \(directory)/zoom-client-secret")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory + "/zoom-client-secret")
        #expect(await PermissionsCheck(inventory: inventory, configExists: false, usersFile: nil, files: LocalFileSystem()).examine().status == .ok)
    }

    @Test func fileSinksNeedADirectoryTheyCanWrite() async {
        var files = FakeFiles()
        files.add("/var/lib/zoomdash/export/x", 0o644)
        #expect(await FileSinkCheck(name: "csv", type: "csv", directory: "/var/lib/zoomdash/export", files: files).examine().status == .ok)
        #expect(await FileSinkCheck(name: "csv", type: "csv", directory: "/var/lib/zoomdash/new/deeper", files: files).examine().status == .ok)
        files.readOnly = ["/var/lib/zoomdash/export", "/var/lib/zoomdash"]
        #expect(await FileSinkCheck(name: "csv", type: "csv", directory: "/var/lib/zoomdash/export", files: files).examine().status == .problem)
        #expect(await FileSinkCheck(name: "csv", type: "csv", directory: "/var/lib/zoomdash/new", files: files).examine().status == .problem)
    }

    // MARK: Store and runs

    @Test func theStoreSaysItsSchemaSizeAndRoom() async throws {
        let directory = try DoctorTesting.directory()
        let path = directory + "/zoomdash.sqlite"
        let absent = await StoreCheck(path: path, files: LocalFileSystem()).examine()
        #expect(absent.status == .warning && absent.detail.contains("no store"))
        let store = try ZoomDashStore(path: path)
        try await store.recordRun(CollectorRun(collector: "participants", startedAt: 0, finishedAt: 1, result: .ok, rows: 1, apiCalls: 1, error: nil))
        let present = await StoreCheck(path: path, files: LocalFileSystem()).examine()
        #expect(present.status == .ok, "\(present.detail)")
        #expect(present.facts["schema_version"] == .number(Int64(ZoomDashStore.supportedSchemaVersion)))
        #expect(await StoreCheck(path: path, files: ShrunkFiles(free: 500 << 20)).examine().status == .warning)
        #expect(await StoreCheck(path: path, files: ShrunkFiles(free: 10 << 20)).examine().status == .problem)
        _ = store
    }

    @Test func runsThatFailedOrStoppedAreWarnings() async throws {
        let directory = try DoctorTesting.directory()
        let path = directory + "/zoomdash.sqlite"
        let store = try ZoomDashStore(path: path)
        let now = Date().timeIntervalSince1970
        let time = Int64(now)
        var config = ZoomDashConfig()
        try await store.recordRun(CollectorRun(collector: "participants", startedAt: time - 60, finishedAt: time - 50, result: .ok, rows: 3, apiCalls: 4, error: nil))
        try await store.recordRun(CollectorRun(collector: "qos", startedAt: time - 60, finishedAt: time - 40, result: .ok, rows: 3, apiCalls: 4, error: nil))
        func check() async -> DoctorCheck {
            await PipelineRunsCheck(path: path, collectors: config.collectors, sinks: config.sinks, now: { now }, files: LocalFileSystem()).examine()
        }
        let fine = await check()
        #expect(fine.status == .ok, "\(fine.detail)")
        #expect(fine.detail.contains("participants ok"))
        #expect(fine.detail.contains("sink csv not run yet"))
        try await store.recordRun(
            CollectorRun(collector: "qos", startedAt: time - 30, finishedAt: time - 20, result: .error, rows: 0, apiCalls: 1, error: "Zoom said no"))
        let failed = await check()
        #expect(failed.status == .warning)
        #expect(failed.detail.contains("qos: last run error") && failed.detail.contains("Zoom said no"))
        config.collectors["qos"]?.schedule.enabled = false
        config.collectors["participants"]?.schedule.intervalSeconds = 10
        let stale = await check()
        #expect(stale.status == .warning && stale.detail.contains("is zoomdashd running?"))
    }

    // MARK: systemd

    @Test func theUnitIsCheckedWhenInstalledAndSkippedOtherwise() async {
        func check(_ answer: Result<[String: String], ServiceManagerUnavailable>) async -> DoctorCheck {
            await SystemdUnitCheck(services: FakeServices(answer: answer)).examine()
        }
        #expect(await check(.failure(ServiceManagerUnavailable("no systemctl on this machine"))).status == .skipped)
        #expect(await check(.success(["LoadState": "not-found", "ActiveState": "inactive"])).status == .skipped)
        let running = ["LoadState": "loaded", "ActiveState": "active", "SubState": "running", "NRestarts": "0", "Result": "success", "WatchdogUSec": "1min"]
        #expect(await check(.success(running)).status == .ok)
        var restarted = running
        restarted["NRestarts"] = "3"
        restarted["Result"] = "watchdog"
        let flapping = await check(.success(restarted))
        #expect(flapping.status == .warning && flapping.detail.contains("restarted 3 times") && flapping.detail.contains("watchdog"))
        var failed = restarted
        failed["ActiveState"] = "failed"
        #expect(await check(.success(failed)).status == .problem)
        var stopped = running
        stopped["ActiveState"] = "inactive"
        #expect(await check(.success(stopped)).fix?.contains("enable --now") == true)
    }
}
