/// What the store holds of one local day, for the daily digest: how many monitored classes began,
/// each of their disconnections, and the incidents that began, counted by scope and cause.
public struct DigestFacts: Sendable, Hashable {
    /// One individual disconnection and its class.
    public struct Drop: Sendable, Hashable {
        public var topic: String
        public var meetingUUID: String
        public var participantKey: String
        public var participantName: String
        public var lostSeconds: Int64

        public init(topic: String, meetingUUID: String, participantKey: String, participantName: String, lostSeconds: Int64) {
            self.topic = topic
            self.meetingUUID = meetingUUID
            self.participantKey = participantKey
            self.participantName = participantName
            self.lostSeconds = lostSeconds
        }
    }

    public struct Incidents: Sendable, Hashable {
        public var scope: Incident.Scope
        public var cause: IncidentCause
        public var count: Int

        public init(scope: Incident.Scope, cause: IncidentCause, count: Int) {
            self.scope = scope
            self.cause = cause
            self.count = count
        }
    }

    /// Monitored meetings that began that day.
    public var classes: Int
    public var drops: [Drop]
    public var incidents: [Incidents]

    public init(classes: Int = 0, drops: [Drop] = [], incidents: [Incidents] = []) {
        self.classes = classes
        self.drops = drops
        self.incidents = incidents
    }

    /// Nothing happened at all: no class began, nobody dropped, no incident.
    public var isQuiet: Bool { classes == 0 && drops.isEmpty && incidents.allSatisfy { $0.count == 0 } }
}
