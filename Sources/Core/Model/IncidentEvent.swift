/// What an analysis changed about one incident: a row of the store's outbox, which notifiers deliver.
public struct IncidentEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A new incident.
        case opened = "incident.opened"
        /// The same incident with other figures (it grew, or a late event moved its start).
        case updated = "incident.updated"
        /// No longer an incident: a threshold change, or Zoom's own record told a different story.
        case withdrawn = "incident.withdrawn"
    }

    /// The outbox's sequence number, increasing; 0 until stored.
    public var id: Int64
    public var kind: Kind
    /// When the analysis found the change.
    public var time: UnixSeconds
    public var incidentID: Int64
    /// The incident as it is now (as it last was, when withdrawn).
    public var incident: Incident
    /// Its figures before an update.
    public var previous: Incident?

    public init(id: Int64 = 0, kind: Kind, time: UnixSeconds, incidentID: Int64, incident: Incident, previous: Incident? = nil) {
        self.id = id
        self.kind = kind
        self.time = time
        self.incidentID = incidentID
        self.incident = incident
        self.previous = previous
    }
}
