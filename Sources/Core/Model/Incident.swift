/// A collective disconnection: many people dropping together, which points at Zoom rather than
/// at anyone's own internet connection.
public struct Incident: Sendable, Hashable {
    public enum Scope: String, Sendable, Codable, CaseIterable {
        /// Many participants of one meeting instance dropped within the window.
        case meeting
        /// Several meetings had a meeting-level incident within the window: a "Zoom bad moment".
        case account
    }

    public var scope: Scope
    /// The meeting instance, for `meeting` scope; `nil` for `account` scope.
    public var meetingUUID: String?
    public var start: UnixSeconds
    public var end: UnixSeconds
    /// Distinct participants who dropped (summed over meetings for `account` scope).
    public var dropped: Int
    /// Distinct participants connected at the first drop (summed over meetings for `account` scope).
    public var present: Int
    /// Meetings involved: 1 for `meeting` scope.
    public var meetings: Int
    /// Whose fault it most likely was (``CauseAttribution``).
    public var cause: IncidentCause
    /// What the cause was decided from, and what else was seen around the incident.
    public var evidence: IncidentEvidence

    public init(
        scope: Scope, meetingUUID: String?, start: UnixSeconds, end: UnixSeconds, dropped: Int, present: Int,
        meetings: Int, cause: IncidentCause = .unknown, evidence: IncidentEvidence = IncidentEvidence()
    ) {
        self.cause = cause
        self.evidence = evidence
        self.scope = scope
        self.meetingUUID = meetingUUID
        self.start = start
        self.end = end
        self.dropped = dropped
        self.present = present
        self.meetings = meetings
    }
}

/// A stored incident with its identity, which stays the same across re-analyses for as long as it is
/// the same incident (see ``IncidentMatcher``).
public struct IdentifiedIncident: Sendable, Hashable {
    public var id: Int64
    public var incident: Incident

    public init(id: Int64, incident: Incident) {
        self.id = id
        self.incident = incident
    }
}
