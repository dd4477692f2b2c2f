import ZoomDashCore

/// systemd's one-line `STATUS=` (what `systemctl status` shows). Two writers send it, the live analysis
/// after each pass and the scheduler's upkeep every 15 s, so both word it the same way.
enum StatusLine {
    static func text(live: (meetings: Int, participants: Int), totals: MetricTotals, lastRuns: [String: String]) -> String {
        let collectors = lastRuns.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "live: \(live.meetings) meetings, \(live.participants) participants; "
            + "\(totals.disconnects.values.reduce(0, +)) disconnections, \(totals.incidents["meeting"] ?? 0) meeting incidents, "
            + "\(totals.incidents["account"] ?? 0) Zoom bad moments; collectors: \(collectors.isEmpty ? "not run yet" : collectors)"
    }
}
