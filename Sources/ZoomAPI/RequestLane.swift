/// Who a request is for, so background work never delays the collectors people wait for.
public enum RequestLane: Sendable, Hashable {
    /// The participants collector, backfills: served first.
    case foreground
    /// QoS and other extras: served only while no foreground request of the category waits, and from
    /// at most `maxDailyShare` of the daily Heavy cap.
    case background(maxDailyShare: Double)
}
