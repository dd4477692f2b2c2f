/// Was a person's connection failing before they dropped? From their QoS minutes just before.
public enum QualityBefore: String, Sendable, Hashable, Codable, CaseIterable {
    /// At least one poor minute in the minutes before the drop.
    case poor
    /// Data for those minutes, none of it poor.
    case ok
    /// No QoS data for those minutes.
    case unknown
}

/// Whose fault an incident most likely was.
public enum IncidentCause: String, Sendable, Hashable, Codable, CaseIterable {
    /// Most of those who dropped had poor quality just before, while the others in the room did not.
    case localNetwork = "local_network"
    /// Those who dropped were fine until the drop, or several meetings dropped at once: Zoom, or
    /// something the whole room shares.
    case zoomOrShared = "zoom_or_shared"
    /// No QoS data to tell.
    case unknown
}

/// What an incident's cause was decided from, and what was seen around it.
public struct IncidentEvidence: Sendable, Hashable, Codable {
    /// Dropped people with QoS data just before the drop, and how many of them were poor.
    public var droppedWithData = 0
    public var droppedPoor = 0
    /// The others in the room at the first drop with data in the same minutes, and how many were poor.
    public var othersWithData = 0
    public var othersPoor = 0
    /// The cause from the meeting's own call quality, before looking at other meetings.
    public var qualityCause = IncidentCause.unknown
    /// Zoom data centres and network types of the dropped connections (sorted, distinct).
    public var dataCentres: [String] = []
    public var networkTypes: [String] = []
    /// `meeting.alert` issues (Zoom's words) within the incident's window.
    public var alerts: [String] = []
    /// The meetings of an account-level incident.
    public var meetingUUIDs: [String] = []

    public init(qualityCause: IncidentCause = .unknown) {
        self.qualityCause = qualityCause
    }

    public var droppedPoorShare: Double? { droppedWithData == 0 ? nil : Double(droppedPoor) / Double(droppedWithData) }
    public var othersPoorShare: Double? { othersWithData == 0 ? nil : Double(othersPoor) / Double(othersWithData) }
}

/// A `meeting.alert` issue of one meeting, as stored.
public struct MeetingAlert: Sendable, Hashable {
    public var meetingUUID: String
    public var time: UnixSeconds
    /// Normalised (``MeetingAlertIssue``).
    public var issue: String
    /// Zoom's words.
    public var text: String

    public init(meetingUUID: String, time: UnixSeconds, issue: String, text: String) {
        self.meetingUUID = meetingUUID
        self.time = time
        self.issue = issue
        self.text = text
    }
}
