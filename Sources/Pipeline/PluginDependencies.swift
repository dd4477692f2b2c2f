import Logging
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashStorage
import ZoomDashZoomAPI

/// What a collector may use: the store it fills, the Zoom client (with its shared request budget),
/// which meetings are monitored, the analysis thresholds, and the Zoom account's settings.
public struct CollectorDependencies: Sendable {
    public var store: ZoomDashStore
    public var client: ZoomAPIClient
    public var meetings: MeetingFilter
    public var thresholds: AnalysisThresholds
    public var zoom: ZoomSettings

    public init(store: ZoomDashStore, client: ZoomAPIClient, meetings: MeetingFilter, thresholds: AnalysisThresholds, zoom: ZoomSettings) {
        self.store = store
        self.client = client
        self.meetings = meetings
        self.thresholds = thresholds
        self.zoom = zoom
    }
}

/// What a live event source may use: Zoom's account settings (OAuth), an HTTP client, a logger; the
/// REST client's token provider (one token for both: single-flight, renewed without reconnecting);
/// the store, for what a source keeps (its gaps); and the store's directory, for its locks.
public struct SourceDependencies: Sendable {
    public var zoom: ZoomSettings
    public var http: any HTTPClient
    public var logger: Logger
    /// nil without `[zoom]` credentials.
    public var tokens: ZoomTokenProvider?
    public var store: ZoomDashStore?
    public var stateDirectory: String

    public init(
        zoom: ZoomSettings, http: any HTTPClient, logger: Logger, tokens: ZoomTokenProvider? = nil, store: ZoomDashStore? = nil,
        stateDirectory: String = "."
    ) {
        self.zoom = zoom
        self.http = http
        self.logger = logger
        self.tokens = tokens
        self.store = store
        self.stateDirectory = stateDirectory
    }
}

/// What an exporter may use besides the ``ExportContext`` of each run.
public struct ExporterDependencies: Sendable {
    /// `[export] directory`, for file exporters without a directory of their own.
    public var defaultDirectory: String
    /// The watched rooms, and who may be named in presence tables.
    public var presence: PresenceSettings
    public var http: any HTTPClient
    public var logger: Logger
    /// The writable store, for an exporter's own state (what a remote table already holds); the
    /// tables it publishes come from ``ExportContext/store``. `nil` where there is none (a test).
    public var store: ZoomDashStore?

    public init(defaultDirectory: String, presence: PresenceSettings, http: any HTTPClient, logger: Logger, store: ZoomDashStore? = nil) {
        self.defaultDirectory = defaultDirectory
        self.presence = presence
        self.http = http
        self.logger = logger
        self.store = store
    }
}

/// What a notifier may use.
public struct NotifierDependencies: Sendable {
    public var http: any HTTPClient
    public var logger: Logger
    /// The store, for a notifier's own state and for what its messages say beyond the event (meeting
    /// topics, a daily digest, presence); `nil` where there is none (a test).
    public var store: ZoomDashStore?
    /// The watched rooms, and who may be named in presence messages.
    public var presence: PresenceSettings
    /// `[dashboard] public_url`: where messages may link to.
    public var dashboardURL: String?

    public init(
        http: any HTTPClient, logger: Logger, store: ZoomDashStore? = nil, presence: PresenceSettings = PresenceSettings(),
        dashboardURL: String? = nil
    ) {
        self.http = http
        self.logger = logger
        self.store = store
        self.presence = presence
        self.dashboardURL = dashboardURL
    }
}
