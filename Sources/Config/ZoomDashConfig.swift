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
    /// Schedules by collector name; `participants` is the only polling collector today.
    public var collectors: [String: CollectorSchedule] = ["participants": CollectorSchedule()]
    public var presence = PresenceSettings()

    public init() {}
}

public struct StoreSettings: Sendable, Hashable {
    public var path = "zoomdash.sqlite"
    public init() {}
}

public struct ExportSettings: Sendable, Hashable {
    public var directory = "/var/lib/zoomdash/export"
    public init() {}
}
