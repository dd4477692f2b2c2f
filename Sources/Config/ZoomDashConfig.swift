import ZoomDashCore
import ZoomDashZoomAPI

/// The daemon's and the CLI's configuration (`zoomdash.toml`). Key names are part of the user
/// interface; see `etc/zoomdash/zoomdash.toml` for the commented example.
public struct ZoomDashConfig: Sendable, Hashable {
    public var store = StoreSettings()
    public var zoom = ZoomSettings()
    public var meetings = MeetingSelection()
    public var analysis = AnalysisThresholds()
    public var export = ExportSettings()
    public var http = HTTPSettings()
    public var webhook = WebhookSettings()
    /// Polling collectors by name (`[collectors.NAME]`).
    public var collectors: [String: CollectorConfig] = [
        "participants": CollectorConfig(type: "zoom.participants", section: ConfigSection(file: "(defaults)", path: "collectors.participants")),
        // Two days back: QoS waits behind the participants and its share of the daily budget.
        "qos": CollectorConfig(type: "zoom.qos", schedule: CollectorSchedule(lookbackSeconds: 2 * 86_400), section: ConfigSection(file: "(defaults)", path: "collectors.qos")),
    ]
    /// Live event sources by name (`[sources.NAME]`); none by default.
    public var sources: [String: SourceConfig] = [:]
    /// Exporters and notifiers by name (`[sinks.NAME]`); CSV files by default.
    public var sinks: [String: SinkConfig] = ["csv": SinkConfig(type: "csv", section: ConfigSection(file: "(defaults)", path: "sinks.csv"))]
    public var presence = PresenceSettings()
    public var dashboard = DashboardSettings()

    public init() {}

    /// The schedules of the enabled and disabled collectors, by name.
    public var collectorSchedules: [String: CollectorSchedule] { collectors.mapValues(\.schedule) }
}

public struct StoreSettings: Sendable, Hashable {
    public var path = "zoomdash.sqlite"
    public init() {}
}

public struct ExportSettings: Sendable, Hashable {
    public var directory = "/var/lib/zoomdash/export"
    public init() {}
}
