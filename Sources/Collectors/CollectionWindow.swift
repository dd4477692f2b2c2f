import ZoomDashCore

/// A UTC day range `[from, to)` that one Zoom list request may cover.
///
/// Zoom's meeting lists take whole dates, at most one month apart, interpreted in the account's time
/// zone. Each request is therefore padded by a day on both sides and the answer filtered by start time,
/// so no meeting near midnight is missed whatever the account's time zone.
struct CollectionWindow: Sendable, Hashable {
    var from: UnixSeconds
    var to: UnixSeconds

    static let day: Int64 = 86_400
    /// 28 days plus a padding day on each side stays within Zoom's one-month limit.
    static let maxDays: Int64 = 28

    /// Splits `[from, to)` into day-aligned windows of at most ``maxDays`` days.
    static func split(from: UnixSeconds, to: UnixSeconds) -> [CollectionWindow] {
        var windows: [CollectionWindow] = []
        var start = from - from.mod(day)
        while start < to {
            let end = min(start + maxDays * day, to + (day - to.mod(day)) % day)
            windows.append(CollectionWindow(from: start, to: max(end, start + day)))
            start = max(end, start + day)
        }
        return windows
    }

    var queryFrom: String { ZoomTime.day(from - Self.day) }
    /// Zoom's `to` is inclusive; `to` here is exclusive, so the padded inclusive end is `to` itself.
    var queryTo: String { ZoomTime.day(to) }

    func contains(_ time: UnixSeconds) -> Bool { time >= from && time < to }

    /// A window is settled when it ended long enough ago that Zoom will list no new meetings in it.
    func isSettled(now: UnixSeconds) -> Bool { to + 2 * 3600 <= now }

    var checkpointSuffix: String { "\(ZoomTime.day(from))..\(ZoomTime.day(to))" }
}

extension Int64 {
    fileprivate func mod(_ divisor: Int64) -> Int64 { ((self % divisor) + divisor) % divisor }
}
