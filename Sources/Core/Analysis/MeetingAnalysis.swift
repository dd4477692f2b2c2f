/// The analysis of one meeting instance: a pure function of its sessions, call quality and alerts.
public struct MeetingAnalysis: Sendable {
    public var disconnections: [Disconnection]
    public var incidents: [Incident]
}

/// Runs the pure detectors over sessions, then explains what they found with call quality
/// (``CauseAttribution``). Reuse one instance for many meetings: it memoises the leave-reason
/// classification.
public struct Analyzer {
    private var disconnectionDetector: DisconnectionDetector
    private let incidentDetector: IncidentDetector
    public let attribution: CauseAttribution

    public init(thresholds: AnalysisThresholds) {
        disconnectionDetector = DisconnectionDetector(thresholds: thresholds)
        incidentDetector = IncidentDetector(thresholds: thresholds)
        attribution = CauseAttribution(settings: thresholds.quality, collectiveWindowSeconds: thresholds.collectiveWindowSeconds)
    }

    /// - Parameters:
    ///   - quality: the meeting's QoS timelines, one per person (none without QoS data).
    ///   - alerts: the meeting's `meeting.alert` issues.
    ///   - accountIncidents: the stored account-level incidents around this meeting, so a meeting
    ///     incident that belongs to one keeps its `zoom_or_shared` cause.
    public mutating func analyse(
        meetingUUID: String, sessions: [ParticipantSession], meetingEnd: UnixSeconds?, quality: [QualityTimeline] = [],
        alerts: [MeetingAlert] = [], accountIncidents: [Incident] = []
    ) -> MeetingAnalysis {
        let timelines = Dictionary(quality.map { ($0.participantKey, $0) }, uniquingKeysWith: { first, _ in first })
        let disconnections = attribution.explain(disconnectionDetector.detect(sessions: sessions, meetingEnd: meetingEnd), timelines: timelines)
        let incidents = incidentDetector.meetingIncidents(meetingUUID: meetingUUID, disconnections: disconnections, sessions: sessions)
            .map {
                attribution.explain(
                    $0, disconnections: disconnections, sessions: sessions, timelines: timelines, alerts: alerts,
                    accountIncidents: accountIncidents)
            }
        return MeetingAnalysis(disconnections: disconnections, incidents: incidents)
    }

    /// The account-level incidents, explained by their meetings.
    public func accountIncidents(from meetingIncidents: [Incident]) -> [Incident] {
        incidentDetector.accountIncidents(from: meetingIncidents).map { account in
            attribution.explain(account: account, members: meetingIncidents.filter { attribution.isMember($0, of: account) })
        }
    }

    /// Meeting incidents with the cause the account-level incidents give them.
    public func withFinalCauses(_ meetingIncidents: [Incident], accountIncidents: [Incident]) -> [Incident] {
        meetingIncidents.map { incident in
            var incident = incident
            incident.cause = attribution.finalCause(of: incident, accountIncidents: accountIncidents)
            return incident
        }
    }
}
