import ZoomDashCore

/// `[collectors.NAME]`: a polling collector, its type, its schedule and its own keys.
public struct CollectorConfig: Sendable, Hashable {
    /// The registry's type, like `zoom.participants`.
    public var type: String
    public var schedule: CollectorSchedule
    public var section: ConfigSection

    public init(type: String, schedule: CollectorSchedule = CollectorSchedule(), section: ConfigSection) {
        self.type = type
        self.schedule = schedule
        self.section = section
    }
}

/// `[sinks.NAME]`: an exporter (publishes tables on a timer, like `csv`) or a notifier (delivers the
/// outbox's events); which one the type says.
public struct SinkConfig: Sendable, Hashable {
    public var type: String
    public var enabled = true
    /// How often an exporter publishes even when nothing asked it to (an analysis that changed
    /// something asks at once); how often a notifier looks at the outbox besides when woken.
    public var intervalSeconds: Int64 = 900
    /// `change_delay`: how soon after a change it runs, and so how often at most (default: 30 s for
    /// an exporter, which rewrites whole tables; 1 s for a notifier).
    public var changeDelaySeconds: Int64?
    public var section: ConfigSection

    public init(type: String, section: ConfigSection) {
        self.type = type
        self.section = section
    }
}

/// `[sources.NAME]`: a live event source with a life of its own (Zoom's WebSocket subscription).
/// The webhook endpoint is configured by `[webhook]` and served on `[http] listen`.
public struct SourceConfig: Sendable, Hashable {
    public var type: String
    public var enabled = true
    public var section: ConfigSection

    public init(type: String, section: ConfigSection) {
        self.type = type
        self.section = section
    }
}

/// What a section without `type` means: its name, as before the plugin model (`[collectors.participants]`,
/// `[sinks.csv]`). Any other name needs a `type`.
public enum DefaultPluginTypes {
    public static let collectors = ["participants": "zoom.participants", "qos": "zoom.qos"]
    public static let sinks = ["csv": "csv"]
}
