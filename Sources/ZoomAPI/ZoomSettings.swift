import ZoomDashCore

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
    /// `fetch_after_end`: how long after a `meeting.ended` webhook its participants and QoS are
    /// fetched (Zoom needs a few minutes to finalise them); 0 turns these triggered fetches off.
    public var fetchAfterEndSeconds: Int64 = 300

    public init() {}

    public var hasCredentials: Bool { !accountID.isEmpty && !clientID.isEmpty && !clientSecret.isEmpty }
}
