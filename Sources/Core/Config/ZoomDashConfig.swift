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

/// Which Zoom API lists past meetings and their participants.
public enum ParticipantSource: String, Sendable, Hashable, CaseIterable {
    /// Dashboard (metrics) API: has `leave_reason`; Business plan or higher with the Dashboard feature.
    case dashboard
    /// Report API: any paid plan; no `leave_reason`, so disconnections are inferred from rejoins.
    case report
    /// Dashboard, falling back to Report when Zoom says the account has no Dashboard.
    case auto
}

public struct ZoomSettings: Sendable, Hashable {
    public var accountID = ""
    public var clientID = ""
    public var clientSecret = ""
    public var apiURL = "https://api.zoom.us/v2"
    public var oauthURL = "https://zoom.us/oauth/token"
    public var plan = ZoomPlan.business
    public var source = ParticipantSource.auto
    /// Requests in flight at once; the rate-limit budget still paces them.
    public var concurrency = 4
    public var requestTimeoutSeconds = 30

    public init() {}

    public var hasCredentials: Bool { !accountID.isEmpty && !clientID.isEmpty && !clientSecret.isEmpty }
}

/// The `[meetings]` filter: which meetings are the institution's monitored class sessions.
public struct MeetingSelection: Sendable, Hashable {
    public var includeTopics = ["(?i)class|lesson"]
    public var excludeTopics: [String] = []
    public var hosts: [String] = []
    public var meetingIDs: [Int64] = []

    public init() {}
}
