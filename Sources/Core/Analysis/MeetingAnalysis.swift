/// The analysis of one meeting instance: a pure function of its sessions.
public struct MeetingAnalysis: Sendable {
    public var disconnections: [Disconnection]
    public var incidents: [Incident]
}

/// Runs the pure detectors over sessions. Reuse one instance for many meetings: it memoises the
/// leave-reason classification.
public struct Analyzer {
    private var disconnectionDetector: DisconnectionDetector
    private let incidentDetector: IncidentDetector

    public init(thresholds: AnalysisThresholds) {
        disconnectionDetector = DisconnectionDetector(thresholds: thresholds)
        incidentDetector = IncidentDetector(thresholds: thresholds)
    }

    public mutating func analyse(meetingUUID: String, sessions: [ParticipantSession], meetingEnd: UnixSeconds?)
        -> MeetingAnalysis
    {
        let disconnections = disconnectionDetector.detect(sessions: sessions, meetingEnd: meetingEnd)
        let incidents = incidentDetector.meetingIncidents(
            meetingUUID: meetingUUID, disconnections: disconnections, sessions: sessions)
        return MeetingAnalysis(disconnections: disconnections, incidents: incidents)
    }

    public func accountIncidents(from meetingIncidents: [Incident]) -> [Incident] {
        incidentDetector.accountIncidents(from: meetingIncidents)
    }
}
