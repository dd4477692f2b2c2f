import Foundation

/// What one incident contributes to a message, after the policy decided it is worth telling.
public struct ChatItem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// First time this channel hears of it (opened, or an update that crossed `min_dropped`).
        case new
        /// It changed since it was posted: `previous` is what was posted.
        case update(previous: Incident)
        /// No longer an incident: a correction of what was posted.
        case withdrawn
    }

    public var kind: Kind
    public var incidentID: Int64
    /// The incident as it is now (as it last was, when withdrawn).
    public var incident: Incident

    public init(kind: Kind, incidentID: Int64, incident: Incident) {
        self.kind = kind
        self.incidentID = incidentID
        self.incident = incident
    }
}

/// What the notifier looks up for the wording: class topics and how many came back quickly.
public struct ChatContext: Sendable, Hashable {
    /// Topics by meeting UUID.
    public var topics: [String: String]
    /// For a meeting incident: how many of those who dropped were back within ``rejoinWindow``.
    public var rejoined: [Int64: Int]
    public static let rejoinWindow: Int64 = 120

    public init(topics: [String: String] = [:], rejoined: [Int64: Int] = [:]) {
        self.topics = topics
        self.rejoined = rejoined
    }

    /// The class's topic, or a neutral name when the meeting is not (yet) in the store.
    public func topic(_ uuid: String?) -> String {
        guard let uuid, let topic = topics[uuid]?.trimmingCharacters(in: .whitespaces), !topic.isEmpty else { return "A class" }
        return topic
    }
}
