/// A permission one of ZoomDash's Zoom calls needs, under both of Zoom's names for it: a classic scope
/// (`report:read:admin`, apps made before granular scopes) or a granular one
/// (`report:read:list_meeting_participants:admin`, all a new app can pick). Either grants it
/// (docs/zoom-api-notes.md §1.1).
public struct ZoomScopeNeed: Sendable, Hashable {
    /// The call, like `GET /users`.
    public var call: String
    /// Classic scopes that grant it, the one to ask for first.
    public var classic: [String]
    public var granular: String

    public init(call: String, classic: [String], granular: String) {
        self.call = call
        self.classic = classic
        self.granular = granular
    }

    public func isGranted(by scopes: Set<String>) -> Bool {
        scopes.contains(granular) || classic.contains { scopes.contains($0) }
    }
}

/// Which scopes the enabled collectors need, and what a token's `scope` string lacks.
public enum ZoomScopes {
    /// Where the participants collector gets meetings and participants (`[zoom] source`).
    public enum Source: String, Sendable, Hashable {
        case dashboard, report, auto
    }

    public static let listUsers = ZoomScopeNeed(call: "GET /users", classic: ["user:read:admin"], granular: "user:read:list_users:admin")
    public static let reportMeetings = ZoomScopeNeed(
        call: "GET /report/users/{id}/meetings", classic: ["report:read:admin"], granular: "report:read:user:admin")
    public static let reportParticipants = ZoomScopeNeed(
        call: "GET /report/meetings/{uuid}/participants", classic: ["report:read:admin"], granular: "report:read:list_meeting_participants:admin")
    public static let dashboardMeetings = ZoomScopeNeed(
        call: "GET /metrics/meetings", classic: ["dashboard_meetings:read:admin", "dashboard:read:admin"],
        granular: "dashboard:read:list_meetings:admin")
    public static let dashboardParticipants = ZoomScopeNeed(
        call: "GET /metrics/meetings/{uuid}/participants", classic: ["dashboard_meetings:read:admin", "dashboard:read:admin"],
        granular: "dashboard:read:list_meeting_participants:admin")
    public static let dashboardQuality = ZoomScopeNeed(
        call: "GET /metrics/meetings/{uuid}/participants/qos", classic: ["dashboard_meetings:read:admin", "dashboard:read:admin"],
        granular: "dashboard:read:list_meeting_participants_qos:admin")

    public static let report = [listUsers, reportMeetings, reportParticipants]
    public static let dashboard = [dashboardMeetings, dashboardParticipants]

    /// A need and what its absence costs: nil when nothing works without it.
    public struct Requirement: Sendable, Hashable {
        public var needs: [ZoomScopeNeed]
        /// nil: required (missing is a problem); else what is lost without it (missing is a warning).
        public var consequence: String?
    }

    /// - Parameters:
    ///   - source: the participants collector's source; nil when it is disabled.
    ///   - quality: whether the QoS collector is enabled.
    ///   - planHasDashboard: false on a plan without the Dashboard (Pro), whose apps cannot even pick its scopes.
    ///   - granted: the token's scopes, to choose, for `auto`, which API the collector will use.
    public static func requirements(source: Source?, quality: Bool, planHasDashboard: Bool, granted: Set<String>) -> [Requirement] {
        var result: [Requirement] = []
        switch source {
        case .report?:
            result.append(Requirement(needs: report))
        case .dashboard?:
            result.append(Requirement(needs: dashboard))
        case .auto?:
            if !planHasDashboard {
                result.append(Requirement(needs: report))
            } else if dashboard.allSatisfy({ $0.isGranted(by: granted) }) {
                result.append(Requirement(needs: dashboard))
                result.append(Requirement(needs: report, consequence: "no fallback to the Report API should the Dashboard stop answering"))
            } else {
                result.append(Requirement(needs: report))
                result.append(
                    Requirement(
                        needs: dashboard,
                        consequence: "the Report API is used instead of the Dashboard: no leave reasons, so disconnections are only inferred from quick rejoins"))
            }
        case nil:
            break
        }
        if quality && planHasDashboard {
            result.append(Requirement(needs: [dashboardQuality], consequence: "no call quality (QoS), so drops and incidents keep the cause unknown"))
        }
        return result
    }

    /// Whether an app's scopes are granular (`service:action:data:level`) rather than classic (`resource:action:level`).
    public static func looksGranular(_ scopes: some Collection<String>) -> Bool {
        let granular = scopes.count(where: { $0.split(separator: ":").count >= 4 })
        return granular > 0 && granular >= scopes.count - granular
    }

    /// The names to add for `needs`, once each, in the order given: classic or granular.
    public static func names(_ needs: [ZoomScopeNeed], granular: Bool) -> [String] {
        var seen = Set<String>()
        return needs.map { granular ? $0.granular : $0.classic[0] }.filter { seen.insert($0).inserted }
    }
}
