import Foundation
import ZoomDashConfiguration
import ZoomDashCore

/// The keys of `[sinks.NAME] type = "mattermost" | "slack"`, validated; every bad value is a
/// ``ConfigError`` naming file, line and key.
public struct ChatSettings: Sendable {
    public var flavor: ChatPayload.Flavor
    /// A secret: never logged in full (``ChatWebhook/redacted(_:)``).
    public var webhookURL: String
    public var channel: String?
    public var username: String?
    public var policy: ChatPolicy
    /// `digest = "07:00"`: minutes after local midnight.
    public var digestMinute: Int?
    public var digestNames: Bool
    public var presence: Bool

    static let keys: Set<String> = [
        "webhook_url", "channel", "username", "scopes", "min_dropped", "quiet_hours", "timezone", "max_messages_per_minute",
        "grouping_window", "updates", "withdrawals", "digest", "digest_names", "presence",
    ]

    public static func read(_ section: ConfigSection, flavor: ChatPayload.Flavor) throws(ConfigError) -> ChatSettings {
        try section.rejectUnknownKeys(keys)
        let example = flavor == .mattermost ? "https://chat.example.org/hooks/xxxxxxxxxxxxxxxxxxxxxxxxxx" : "https://hooks.slack.com/services/T000/B000/XXXX"
        guard let url = try section.secret("webhook_url", credential: "chat-webhook-url", environment: "ZOOMDASH_CHAT_WEBHOOK_URL") else {
            throw section.error(
                "webhook_url",
                "is required: the incoming webhook's URL, like \"\(example)\"; better kept out of the file, in the credential chat-webhook-url or $ZOOMDASH_CHAT_WEBHOOK_URL")
        }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = parsed.host, !host.isEmpty, !url.contains(where: \.isWhitespace)
        else {
            throw section.error("webhook_url", "must be an http(s) URL, like \"\(example)\" (the value is not shown: it is a secret)")
        }
        var policy = ChatPolicy()
        if let scopes = try section.strings("scopes") {
            guard !scopes.isEmpty else { throw section.error("scopes", "must name at least one of \"meeting\", \"account\" (or disable the sink)") }
            var set = Set<Incident.Scope>()
            for scope in scopes {
                guard let value = Incident.Scope(rawValue: scope) else {
                    throw section.error("scopes", "unknown scope \"\(scope)\"; the scopes are \"meeting\" (one class) and \"account\" (several classes at once)")
                }
                set.insert(value)
            }
            policy.scopes = set
        }
        policy.minDropped = try section.integer("min_dropped", in: 0...100_000) ?? 0
        if let name = try section.string("timezone") {
            guard let zone = TimeZone(identifier: name) else {
                throw section.error("timezone", "unknown time zone \"\(name)\"; use an IANA name like \"Europe/Berlin\" or \"America/New_York\"")
            }
            policy.timeZone = zone
        }
        if let text = try section.string("quiet_hours") {
            guard let quiet = QuietHours(text) else {
                throw section.error("quiet_hours", "must be a span of local times like \"22:00-06:00\" (24 h, start and end differ), not \"\(text)\"")
            }
            policy.quietHours = quiet
        }
        policy.maxMessagesPerMinute = try section.integer("max_messages_per_minute", in: 1...60) ?? 6
        if let window = try section.duration("grouping_window", minimum: 0) {
            guard window <= 900 else { throw section.error("grouping_window", "must be at most 15 minutes, like \"60s\"; longer delays the first message too much") }
            policy.groupingWindow = window
        }
        if let text = try section.string("updates") {
            guard let updates = ChatPolicy.Updates(rawValue: text) else {
                throw section.error("updates", "must be \"significant\" (grown by a quarter or 5 people, or a new cause), \"all\" or \"none\", not \"\(text)\"")
            }
            policy.updates = updates
        }
        policy.withdrawals = try section.bool("withdrawals") ?? true
        var digest: Int?
        if let text = try section.string("digest") {
            guard let minute = QuietHours.minute(of: text) else {
                throw section.error("digest", "must be a local time like \"07:30\" (24 h, in timezone), not \"\(text)\"")
            }
            digest = minute
        }
        let digestNames = try section.bool("digest_names") ?? false
        if digestNames && digest == nil { throw section.error("digest_names", "only applies with digest = \"HH:MM\"; set digest or remove it") }
        let presence = try section.bool("presence") ?? false
        var channel = try section.string("channel")
        if let value = channel {
            guard flavor == .mattermost else {
                throw section.error("channel", "is for Mattermost only: a Slack app's webhook always posts to the channel it was created for")
            }
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty, !value.contains(" ") else {
                throw section.error("channel", "must be a channel name like \"town-square\" or \"@username\", not \"\(value)\"")
            }
            channel = value
        }
        let username = try section.string("username")
        if let username, username.trimmingCharacters(in: .whitespaces).isEmpty { throw section.error("username", "must not be empty; remove it for the hook's own name") }
        return ChatSettings(
            flavor: flavor, webhookURL: url, channel: channel, username: username, policy: policy, digestMinute: digest,
            digestNames: digestNames, presence: presence)
    }

    /// What the section alone cannot tell: the presence feed needs rooms to watch (`[presence]`).
    public static func check(_ section: ConfigSection, presence rooms: PresenceSettings) throws(ConfigError) {
        guard try section.bool("presence") == true, rooms.meetingIDs.isEmpty else { return }
        throw section.error(
            "presence", "needs rooms to watch: list their meeting ids in [presence] meeting_ids (and who may be named in watch), or set presence = false")
    }
}
