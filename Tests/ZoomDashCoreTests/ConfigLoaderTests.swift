import Foundation
import Testing
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashZoomAPI

@Suite struct ConfigLoaderTests {
    let loader = ConfigLoader(environment: [:])

    @Test func parsesEveryDocumentedKey() throws {
        let config = try loader.parse(
            """
            [store]
            path = "/tmp/z.sqlite"
            [zoom]
            account_id = "acc"
            client_id = "cid"
            client_secret = "sec"
            api_url = "http://127.0.0.1:9480/v2/"
            oauth_url = "http://127.0.0.1:9480/oauth/token"
            plan = "pro"
            source = "report"
            [meetings]
            include_topics = ["(?i)class"]
            exclude_topics = ["staff"]
            hosts = ["Teacher@School.Example"]
            meeting_ids = [81234567890, "812 3456 7891"]
            [analysis]
            reconnect_grace_seconds = 90
            collective_window_seconds = 30
            collective_min_participants = 4
            collective_min_fraction = 0.25
            account_min_meetings = 5
            [export]
            directory = "/tmp/out"
            """, file: "z.toml")
        #expect(config.store.path == "/tmp/z.sqlite")
        #expect(config.zoom.apiURL == "http://127.0.0.1:9480/v2")
        #expect(config.zoom.plan == .pro)
        #expect(config.zoom.source == .report)
        #expect(config.zoom.hasCredentials)
        #expect(config.meetings.hosts == ["teacher@school.example"])
        #expect(config.meetings.meetingIDs == [81_234_567_890, 81_234_567_891])
        #expect(config.analysis.reconnectGraceSeconds == 90)
        #expect(config.analysis.collectiveMinFraction == 0.25)
        #expect(config.analysis.accountMinMeetings == 5)
        #expect(config.export.directory == "/tmp/out")
    }

    @Test func emptyFileGivesTheDocumentedDefaults() throws {
        let config = try loader.parse("", file: "z.toml")
        #expect(config.zoom.source == .auto)
        #expect(config.zoom.plan == .business)
        #expect(config.meetings.includeTopics == ["(?i)class|lesson"])
        #expect(config.analysis == AnalysisThresholds())
        #expect(config.store.path == "./zoomdash.sqlite")
    }

    @Test(arguments: [
        ("[analysis]\nreconect_grace_seconds = 3\n", "analysis.reconect_grace_seconds", 2, "unknown key"),
        ("[zoom]\nplan = \"pro\"\n\n[zom]\nplan = 1\n", "zom", 4, "unknown section"),
        ("[analysis]\n# comment\ncollective_window_seconds = \"60\"\n", "analysis.collective_window_seconds", 3, "whole number"),
        ("[meetings]\ninclude_topics = [\"(unclosed\"]\n", "meetings.include_topics", 2, "invalid regular expression"),
        ("[zoom]\nplan = \"free\"\n", "zoom.plan", 2, "must be one of"),
        ("[analysis]\ncollective_min_fraction = 1.5\n", "analysis.collective_min_fraction", 2, "between 0 and 1"),
        ("[zoom]\napi_url = \"api.zoom.us\"\n", "zoom.api_url", 2, "http(s) URL"),
        ("[meetings]\nmeeting_ids = [\"abc\"]\n", "meetings.meeting_ids", 2, "numeric meeting ids"),
        ("[analysis]\ncollective_min_participants = 0\n", "analysis.collective_min_participants", 2, "between"),
        ("[quality]\npoor_latency_ms = -1\n", "quality.poor_latency_ms", 2, "greater than 0"),
        ("[quality]\npoor_avg_loss_percent = 120\n", "quality.poor_avg_loss_percent", 2, "below 100"),
        ("[quality]\nlocal_min_dropped_share = 1.5\n", "quality.local_min_dropped_share", 2, "between 0 and 1"),
        ("[quality]\nbefore_drop_minutes = \"3m\"\n", "quality.before_drop_minutes", 2, "whole number"),
        ("[quality]\npoor_jiter_ms = 30\n", "quality.poor_jiter_ms", 2, "unknown key"),
        ("[zoom]\nfetch_after_end = \"soon\"\n", "zoom.fetch_after_end", 2, "duration"),
    ])
    func badInputNamesFileKeyAndLine(text: String, key: String, line: Int, phrase: String) {
        do {
            _ = try loader.parse(text, file: "/etc/zoomdash/zoomdash.toml")
            Issue.record("expected an error for \(key)")
        } catch {
            #expect(error.key == key)
            #expect(error.line == line)
            #expect(error.description.contains("/etc/zoomdash/zoomdash.toml:\(line): \(key)"))
            #expect(error.description.contains(phrase))
        }
    }

    @Test func syntaxErrorsCarryTheLine() {
        do {
            _ = try loader.parse("[store]\npath = \"unterminated\n", file: "z.toml")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.contains("syntax"))
        }
        #expect(ConfigError.exitCode == 78)
    }

    @Test func environmentAndCredentialsOverrideTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-cred-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "from-credential\n".write(to: directory.appendingPathComponent("zoom-client-secret"), atomically: true, encoding: .utf8)
        let text = "[zoom]\naccount_id = \"file\"\nclient_id = \"file\"\nclient_secret = \"file\"\n"

        let withCredential = ConfigLoader(environment: ["CREDENTIALS_DIRECTORY": directory.path, "ZOOM_ACCOUNT_ID": "env"])
        let config = try withCredential.parse(text, file: "z.toml")
        #expect(config.zoom.accountID == "env")
        #expect(config.zoom.clientID == "file")
        #expect(config.zoom.clientSecret == "from-credential")

        let withEnvironment = ConfigLoader(environment: ["CREDENTIALS_DIRECTORY": directory.path, "ZOOM_CLIENT_SECRET": "env"])
        #expect(try withEnvironment.parse(text, file: "z.toml").zoom.clientSecret == "env")
    }

    @Test func storeDefaultsToTheSystemdStateDirectory() throws {
        let loader = ConfigLoader(environment: ["STATE_DIRECTORY": "/var/lib/zoomdash"])
        #expect(try loader.parse("", file: "z").store.path == "/var/lib/zoomdash/zoomdash.sqlite")
    }

    @Test func missingExplicitFileIsAnErrorButMissingDefaultIsNot() throws {
        #expect(throws: ConfigError.self) { try loader.load(commandLinePath: "/nonexistent/zoomdash.toml") }
        let fromEnvironment = ConfigLoader(environment: ["ZOOMDASH_CONFIG": "/nonexistent/z.toml"])
        #expect(throws: ConfigError.self) { try fromEnvironment.load(commandLinePath: nil) }
        if !FileManager.default.fileExists(atPath: ConfigLoader.defaultPath) {
            #expect(try loader.load(commandLinePath: nil).zoom.source == .auto)
        }
    }

    @Test func meetingFilterAppliesEveryRule() {
        var selection = MeetingSelection()
        selection.excludeTopics = ["(?i)staff"]
        let filter = MeetingFilter(selection)
        func meeting(_ topic: String, host: String = "t@s", id: Int64 = 1) -> MeetingInstance {
            MeetingInstance(uuid: "u", meetingID: id, topic: topic, hostEmail: host, startTime: 0, endTime: nil, source: .dashboard)
        }
        #expect(filter.isMonitored(meeting("Class 7B Maths")))
        #expect(filter.isMonitored(meeting("Lesson: Physics")))
        #expect(!filter.isMonitored(meeting("Parent conference")))
        #expect(!filter.isMonitored(meeting("Staff class planning")))
        selection.hosts = ["t@s"]
        selection.meetingIDs = [7]
        let strict = MeetingFilter(selection)
        #expect(strict.isMonitored(meeting("Class", id: 7)))
        #expect(!strict.isMonitored(meeting("Class", id: 8)))
        #expect(!strict.isMonitored(meeting("Class", host: "x@s", id: 7)))
        // A webhook knows the host's user id, not the email: listed ids match, an unknown email passes
        // until Zoom's listing (with the email) decides.
        let fromWebhook = MeetingInstance(uuid: "w", meetingID: 7, topic: "Class", hostID: "U1", startTime: 0, endTime: nil, source: .webhook)
        #expect(strict.isMonitored(fromWebhook))
        var byID = selection
        byID.hosts = ["u1"]
        #expect(MeetingFilter(byID).isMonitored(fromWebhook))
    }
}

@Suite struct DaemonConfigTests {
    let loader = ConfigLoader(environment: [:])

    @Test func parsesDaemonSections() throws {
        let config = try loader.parse(
            """
            [http]
            listen = "0.0.0.0:9999"
            [webhook]
            path = "/hooks/zoom"
            secret_token = "s"
            tolerance_seconds = 60
            [collectors.participants]
            interval = "5m"
            lookback = "1d"
            enabled = true
            [presence]
            meeting_ids = [81234567890]
            watch = ["Ann Lee", "bo@school.example"]
            """, file: "z.toml")
        #expect(config.http.host == "0.0.0.0")
        #expect(config.http.port == 9999)
        #expect(config.webhook.path == "/hooks/zoom")
        #expect(config.webhook.toleranceSeconds == 60)
        #expect(config.collectors["participants"]?.schedule.intervalSeconds == 300)
        #expect(config.collectors["participants"]?.schedule.lookbackSeconds == 86_400)
        #expect(config.presence.meetingIDs == [81_234_567_890])
        #expect(config.presence.watch.count == 2)
    }

    @Test(arguments: [
        ("[http]\nlisten = \"9465\"\n", "http.listen", 2),
        ("[collectors.participants]\ninterval = \"soon\"\n", "collectors.participants.interval", 2),
        ("[collectors.participants]\ninterval = \"5s\"\n", "collectors.participants.interval", 2),
        ("[sinks.events]\npath = \"/x\"\n", "sinks.events", 1),
        ("[sinks.csv]\ntype = 3\n", "sinks.csv.type", 2),
        ("[sinks.csv]\nenabled = \"yes\"\n", "sinks.csv.enabled", 2),
        ("[webhook]\npath = \"hook\"\n", "webhook.path", 2),
        ("[collectors]\nqos = 1\n", "collectors.qos", 2),
    ])
    func badDaemonKeysNameKeyAndLine(text: String, key: String, line: Int) {
        do {
            _ = try loader.parse(text, file: "z.toml")
            Issue.record("expected an error for \(key)")
        } catch {
            #expect(error.key == key)
            #expect(error.line == line)
        }
    }

    @Test func pluginSectionsWithAndWithoutTypeMeanTheSame() throws {
        let implied = try loader.parse("[collectors.participants]\ninterval = \"5m\"\n[sinks.csv]\ndirectory = \"/srv/csv\"\n", file: "z.toml")
        let explicit = try loader.parse(
            "[collectors.participants]\ntype = \"zoom.participants\"\ninterval = \"5m\"\n[sinks.csv]\ntype = \"csv\"\ndirectory = \"/srv/csv\"\n",
            file: "z.toml")
        for config in [implied, explicit] {
            #expect(config.collectors["participants"]?.type == "zoom.participants")
            #expect(config.collectors["participants"]?.schedule.intervalSeconds == 300)
            #expect(config.sinks["csv"]?.type == "csv")
            #expect(config.sinks["csv"]?.section.values == ["directory": .string("/srv/csv")], "the plugin's own keys, for it to read")
        }
        #expect(try loader.parse("", file: "z.toml").sinks.keys.sorted() == ["csv"], "CSV files by default, as before")
    }

    @Test func aSinkOfAnotherNameNeedsATypeAndKeepsItsKeysForThePlugin() throws {
        let config = try loader.parse(
            "[sinks.events]\ntype = \"event-log\"\npath = \"/var/lib/zoomdash/events.jsonl\"\ninterval = \"1m\"\n[sinks.csv]\nenabled = false\n",
            file: "z.toml")
        #expect(config.sinks["events"]?.type == "event-log")
        #expect(config.sinks["events"]?.intervalSeconds == 60)
        #expect(config.sinks["events"]?.section.path == "sinks.events")
        #expect(config.sinks["csv"]?.enabled == false)
    }

    @Test func durations() {
        #expect(DurationText.seconds("90s") == 90)
        #expect(DurationText.seconds("15m") == 900)
        #expect(DurationText.seconds("6h") == 21_600)
        #expect(DurationText.seconds("2d") == 172_800)
        #expect(DurationText.seconds("120") == 120)
        #expect(DurationText.seconds("-5m") == nil)
        #expect(DurationText.seconds("m") == nil)
    }

    /// The unit loads the credentials directory whole (`LoadCredential=zoomdash:DIR`): files arrive
    /// prefixed, and a secret that is not there is simply absent.
    @Test func secretsFromAWholeCredentialsDirectoryArePrefixed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "client\n".write(to: directory.appendingPathComponent("zoomdash_zoom-client-secret"), atomically: true, encoding: .utf8)
        let config = try ConfigLoader(environment: ["CREDENTIALS_DIRECTORY": directory.path]).parse("", file: "z")
        #expect(config.zoom.clientSecret == "client")
        #expect(config.webhook.secretToken.isEmpty, "no zoom-webhook-secret file: the endpoint fails closed")
    }

    @Test func webhookSecretFromEnvironmentOrCredentialAndEmptyCredentialIsIgnored() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-wh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "\n".write(to: directory.appendingPathComponent("zoom-webhook-secret"), atomically: true, encoding: .utf8)
        try "".write(to: directory.appendingPathComponent("zoom-client-secret"), atomically: true, encoding: .utf8)
        let text = "[webhook]\nsecret_token = \"file\"\n[zoom]\nclient_secret = \"file\"\n"
        let withEmpty = try ConfigLoader(environment: ["CREDENTIALS_DIRECTORY": directory.path]).parse(text, file: "z")
        #expect(withEmpty.webhook.secretToken == "file")
        #expect(withEmpty.zoom.clientSecret == "file")
        try "cred".write(to: directory.appendingPathComponent("zoom-webhook-secret"), atomically: true, encoding: .utf8)
        #expect(try ConfigLoader(environment: ["CREDENTIALS_DIRECTORY": directory.path]).parse(text, file: "z").webhook.secretToken == "cred")
        #expect(try ConfigLoader(environment: ["ZOOM_WEBHOOK_SECRET_TOKEN": "env"]).parse(text, file: "z").webhook.secretToken == "env")
    }
}

@Suite struct ExampleConfigTests {
    @Test func theShippedExampleConfigIsValid() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc/zoomdash/zoomdash.toml").path
        let config = try ConfigLoader(environment: [:]).load(commandLinePath: path)
        #expect(config.collectors["participants"]?.schedule.intervalSeconds == 900)
        #expect(config.http.port == 9465)
        #expect(config.analysis == AnalysisThresholds())
        #expect(config.store.path == "/var/lib/zoomdash/zoomdash.sqlite", "zoomdashctl in a shell finds the daemon's store")
    }
}
