import ZoomDashCore

/// A notifier with work of its own on a clock (a daily digest, a presence feed), besides delivering
/// the outbox when it has events.
///
/// Contract:
/// - The daemon calls `tick(now:)` soon after it builds the notifier (at start, and after a reload
///   rebuilt it), then at the time it returns, and at the latest ``maximumTickInterval`` after the
///   previous call, so a clock that jumped (daylight saving, NTP) never leaves it asleep for a day;
///   `nil` means nothing in particular is planned. A call may come early or twice: a tick decides
///   from the store and `now`, never from how often it was called.
/// - Never concurrently with itself or with ``Notifier/deliver(_:)`` of the same notifier: both
///   run one after the other in the notifier's one task, so they may share state (a rate limiter)
///   without a lock between them.
/// - Errors as for `deliver`: a ``NotifierHold`` with a time means "not yet" (called again then, no
///   failure); any other error is retried with the daemon's backoff (1 s, 2 s … 5 min), which
///   deliveries of the same notifier share.
/// - Idempotent across restarts: what a tick sent is recorded in the store (a checkpoint) right
///   after it was sent, and checked before sending, so a restart or a repeated call sends nothing
///   again, and a crash between sending and recording repeats at most one message, which says
///   what it is about (the day of a digest), so a reader recognises the repeat.
public protocol ScheduledNotifier: Notifier {
    /// Does what is due at `now` (Unix seconds); returns when to be called next.
    func tick(now: UnixSeconds) async throws -> UnixSeconds?
}

/// The longest the daemon lets a ``ScheduledNotifier`` go between two ticks.
public let maximumTickInterval: UnixSeconds = 60
