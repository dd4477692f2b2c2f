import Foundation
import Testing
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashPlugins
import ZoomDashSinks

/// `[sinks.NAME] type = "mattermost" | "slack"`: defaults, and every bad value named by file, line and key.
@Suite struct ChatConfigTests {
    static let url = "https://chat.example.org/hooks/abcdefghijklmnopqrstuvwxyz"

    static func section(_ values: [String: ConfigValue], url: String? = url) -> ConfigSection {
        var all = values
        if let url { all["webhook_url"] = .string(url) }
        return ConfigSection(file: "zoomdash.toml", path: "sinks.chat", values: all, lines: lines(all))
    }

    static func lines(_ values: [String: ConfigValue]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: values.keys.sorted().enumerated().map { ($0.element, $0.offset + 10) })
    }

    @Test func theDefaultsAreTheDocumentedOnes() throws {
        let settings = try MattermostNotifier.settings(from: Self.section([:]))
        #expect(settings.policy.scopes == [.meeting, .account])
        #expect(settings.policy.minDropped == 0)
        #expect(settings.policy.maxMessagesPerMinute == 6)
        #expect(settings.policy.groupingWindow == 60)
        #expect(settings.policy.updates == .significant)
        #expect(settings.policy.withdrawals)
        #expect(settings.policy.quietHours == nil)
        #expect(settings.policy.timeZone.secondsFromGMT() == 0)
        #expect(settings.digestMinute == nil && !settings.presence && settings.channel == nil && settings.username == nil)
    }

    @Test func everyKeyIsRead() throws {
        let settings = try MattermostNotifier.settings(
            from: Self.section([
                "channel": .string("it-alerts"), "username": .string("zoomdash"), "scopes": .array([.string("account")]), "min_dropped": .integer(5),
                "quiet_hours": .string("22:00-06:30"), "timezone": .string("Europe/Berlin"), "max_messages_per_minute": .integer(2),
                "grouping_window": .string("2m"), "updates": .string("all"), "withdrawals": .bool(false),
            ]))
        #expect(settings.channel == "it-alerts" && settings.username == "zoomdash")
        #expect(settings.policy.scopes == [.account] && settings.policy.minDropped == 5)
        #expect(settings.policy.quietHours == QuietHours(startMinute: 22 * 60, endMinute: 6 * 60 + 30))
        #expect(settings.policy.timeZone.identifier == "Europe/Berlin")
        #expect(settings.policy.maxMessagesPerMinute == 2 && settings.policy.groupingWindow == 120)
        #expect(settings.policy.updates == .all && !settings.policy.withdrawals)
    }

    @Test func theDigestAndThePresenceFeedAreRead() throws {
        let settings = try SlackNotifier.settings(
            from: Self.section(["digest": .string("07:30"), "digest_names": .bool(true), "presence": .bool(true)]))
        #expect(settings.digestMinute == 7 * 60 + 30 && settings.digestNames && settings.presence)
    }

    @Test func thePresenceFeedNeedsRoomsToWatchAndTheErrorSaysWhere() throws {
        let text = """
            [sinks.chat]
            type = "mattermost"
            webhook_url = "\(Self.url)"
            presence = true
            """
        let loader = ConfigLoader(environment: [:])
        do {
            try StandardPlugins.validate(try loader.parse(text, file: "z.toml"))
            Issue.record("presence without [presence] meeting_ids was accepted")
        } catch {
            #expect(error.description.hasPrefix("z.toml:4: sinks.chat.presence: needs rooms to watch"), "\(error.description)")
            #expect(error.description.contains("[presence] meeting_ids"))
        }
        try StandardPlugins.validate(try loader.parse(text + "\n[presence]\nmeeting_ids = [81234567890]\n", file: "z.toml"))
    }

    @Test func theWebhookURLMayComeFromTheEnvironment() throws {
        var section = Self.section([:], url: nil)
        section.secrets = SecretLookup(environment: ["ZOOMDASH_CHAT_WEBHOOK_URL": "https://hooks.slack.com/services/T0/B0/X"])
        #expect(try SlackNotifier.settings(from: section).webhookURL == "https://hooks.slack.com/services/T0/B0/X")
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var key: String
        var value: ConfigValue
        var message: String
        var testDescription: String { "\(key) = \(value)" }
    }

    static let bad: [Bad] = [
        Bad(key: "webhook_url", value: .string("hooks.slack.com/services/x"), message: "must be an http(s) URL"),
        Bad(key: "webhook_url", value: .string("ftp://example.org/hooks/x"), message: "must be an http(s) URL"),
        Bad(key: "scopes", value: .array([.string("school")]), message: "unknown scope \"school\""),
        Bad(key: "scopes", value: .array([]), message: "at least one"),
        Bad(key: "scopes", value: .string("meeting"), message: "must be a list"),
        Bad(key: "min_dropped", value: .integer(-1), message: "between 0 and"),
        Bad(key: "quiet_hours", value: .string("22-06"), message: "like \"22:00-06:00\""),
        Bad(key: "timezone", value: .string("Mars/Olympus"), message: "unknown time zone"),
        Bad(key: "max_messages_per_minute", value: .integer(0), message: "between 1 and 60"),
        Bad(key: "grouping_window", value: .string("soon"), message: "must be a duration"),
        Bad(key: "grouping_window", value: .string("1h"), message: "at most 15 minutes"),
        Bad(key: "updates", value: .string("some"), message: "must be \"significant\""),
        Bad(key: "withdrawals", value: .string("yes"), message: "true or false"),
        Bad(key: "digest", value: .string("7am"), message: "like \"07:30\""),
        Bad(key: "digest_names", value: .bool(true), message: "only applies with digest"),
        Bad(key: "presence", value: .integer(1), message: "true or false"),
        Bad(key: "digest", value: .string("25:00"), message: "like \"07:30\""),
        Bad(key: "digest_names", value: .string("yes"), message: "true or false"),
        Bad(key: "username", value: .string(" "), message: "must not be empty"),
        Bad(key: "channel", value: .string("two words"), message: "channel name"),
        Bad(key: "colour", value: .string("red"), message: "unknown key"),
    ]

    @Test(arguments: bad)
    func aBadValueNamesFileLineAndKey(bad: Bad) {
        let (key, value, message) = (bad.key, bad.value, bad.message)
        let section = Self.section([key: value], url: key == "webhook_url" ? nil : Self.url)
        do {
            _ = try MattermostNotifier.settings(from: section)
            Issue.record("\(key) = \(value) was accepted")
        } catch {
            let line = Self.lines(section.values)[key]!
            #expect(error.description.hasPrefix("zoomdash.toml:\(line): sinks.chat.\(key): "))
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func aMissingURLSaysWhereToPutIt() {
        #expect(throws: ConfigError.self) { try SlackNotifier.settings(from: Self.section([:], url: nil)) }
        do { _ = try SlackNotifier.settings(from: Self.section([:], url: nil)) } catch {
            #expect(error.description.contains("chat-webhook-url") && error.description.contains("ZOOMDASH_CHAT_WEBHOOK_URL"))
        }
    }

    @Test func aBadURLIsNotEchoed() {
        let secret = "https://hooks.slack.com/services/T0/B0/SECRET with space"
        do { _ = try SlackNotifier.settings(from: Self.section([:], url: secret)) } catch { #expect(!error.description.contains("SECRET")) }
    }

    @Test func channelIsForMattermostOnly() {
        #expect(throws: ConfigError.self) { try SlackNotifier.settings(from: Self.section(["channel": .string("general")])) }
    }

    @Test func bothTypesAreRegistered() {
        #expect(SinkCatalog.notifiers.knows("mattermost"))
        #expect(SinkCatalog.notifiers.knows("slack"))
    }
}
