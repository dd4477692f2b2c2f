import Logging
import ZoomDashCore

/// Delivers incident events from the store's outbox to people (chat next) or to other programs.
///
/// Contract: `deliver(_:)` delivers the events of a batch, oldest first, or throws. The daemon saves the
/// notifier's cursor after a batch returns and hands a batch that threw to it again (with backoff), so
/// delivery is at least once: a crash between delivering and saving repeats the batch, and a notifier
/// that can recognise a repeat (every event has a unique, increasing ``IncidentEvent/id``) should.
/// A batch may hold many events at once (a "Zoom bad moment"): a notifier should group rather than
/// send one message each. To hold events back on purpose (a grouping window, quiet hours, a rate
/// limit), throw a ``NotifierHold`` with a time: the cursor stays, nothing counts as a failure, and
/// the batch comes again at that time.
public protocol Notifier: Sendable {
    /// The section's name (`[sinks.NAME]`) in logs, metrics labels and `zoomdashctl status`.
    var name: String { get }

    func deliver(_ events: [IncidentEvent]) async throws
}

/// An error that may only mean "not yet": `holdUntil` (Unix seconds) when the notifier held the
/// batch back on purpose, `nil` for a real failure.
public protocol NotifierHold: Error {
    var holdUntil: Double? { get }
}
