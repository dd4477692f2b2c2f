import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline

/// `[sinks.NAME] type = "mattermost"`: incident messages to a Mattermost incoming webhook (see
/// ``ChatNotifier``; keys in ``ChatSettings``).
public struct MattermostNotifier: ScheduledNotifier, PluginType {
    public static let type = "mattermost"
    let chat: ChatNotifier
    public var name: String { chat.name }

    public static func settings(from section: ConfigSection) throws(ConfigError) -> ChatSettings {
        try ChatSettings.read(section, flavor: .mattermost)
    }

    public init(name: String, settings: ChatSettings, dependencies: NotifierDependencies) {
        chat = ChatNotifier(name: name, settings: settings, dependencies: dependencies)
    }

    public func deliver(_ events: [IncidentEvent]) async throws { try await chat.deliver(events) }
    public func tick(now: UnixSeconds) async throws -> UnixSeconds? { try await chat.tick(now: now) }
}

/// `[sinks.NAME] type = "slack"`: incident messages to a Slack incoming webhook (see
/// ``ChatNotifier``; keys in ``ChatSettings``).
public struct SlackNotifier: ScheduledNotifier, PluginType {
    public static let type = "slack"
    let chat: ChatNotifier
    public var name: String { chat.name }

    public static func settings(from section: ConfigSection) throws(ConfigError) -> ChatSettings {
        try ChatSettings.read(section, flavor: .slack)
    }

    public init(name: String, settings: ChatSettings, dependencies: NotifierDependencies) {
        chat = ChatNotifier(name: name, settings: settings, dependencies: dependencies)
    }

    public func deliver(_ events: [IncidentEvent]) async throws { try await chat.deliver(events) }
    public func tick(now: UnixSeconds) async throws -> UnixSeconds? { try await chat.tick(now: now) }
}
