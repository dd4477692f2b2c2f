import Foundation

/// What a chat channel is told: which incidents, which of their updates, when, and how often. The
/// plugin reads it from `[sinks.NAME]`; everything that decides from it is pure and tested with a
/// manual clock.
public struct ChatPolicy: Sendable, Hashable {
    /// Which `incident.updated` events post.
    public enum Updates: String, Sendable, Hashable, CaseIterable {
        /// Only when the incident grew noticeably or its cause changed (``ChatPolicy/isSignificant(_:since:)``).
        case significant
        case all
        case none
    }

    public var scopes: Set<Incident.Scope> = [.meeting, .account]
    /// Incidents with fewer dropped people are not posted (an update that crosses it posts as new).
    public var minDropped = 0
    public var updates = Updates.significant
    /// Whether a withdrawn incident that was posted gets a one-line correction.
    public var withdrawals = true
    /// Events found within this many seconds of the first one go out as one message.
    public var groupingWindow: Int64 = 60
    public var maxMessagesPerMinute = 6
    public var quietHours: QuietHours?
    public var timeZone = TimeZone(identifier: "UTC")!

    public init() {}

    /// Whether an incident with these figures is worth a message at all.
    public func wants(_ incident: Incident) -> Bool {
        scopes.contains(incident.scope) && incident.dropped >= minDropped
    }

    /// An update is worth a message when it changes what a reader would do: noticeably more people
    /// (≥ 25 % or ≥ 5 more than last posted), or a different cause (often: unknown until QoS arrived).
    public func isSignificant(_ incident: Incident, since posted: Incident) -> Bool {
        if incident.cause != posted.cause { return true }
        let grown = incident.dropped - posted.dropped
        return grown >= 5 || (grown > 0 && Double(incident.dropped) >= Double(posted.dropped) * 1.25)
    }
}
