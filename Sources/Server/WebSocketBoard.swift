import Prometheus
import Synchronization
import ZoomDashCollectors
import ZoomDashCore
import ZoomDashDashboard

/// The daemon's view of its WebSocket sources: `/metrics`, `/healthz`, `STATUS=` and the dashboard's
/// `websocket` field read their ``WebSocketStatus`` here. Counters are exported at scrape time, by
/// the difference from what the previous scrape exported (Prometheus counters only go up).
final class WebSocketBoard: Sendable {
    private let statuses = Mutex<[WebSocketStatus]>([])
    private let exported = Mutex<[String: Double]>([:])

    func register(_ status: WebSocketStatus) {
        statuses.withLock { $0.append(status) }
    }

    var all: [WebSocketStatus] { statuses.withLock { $0 } }

    /// Sources disconnected longer than their `unhealthy_after`.
    func problems(now: Double) -> [String] {
        all.compactMap { status in
            guard status.disconnectedLonger(than: status.unhealthyAfterSeconds, now: now), let since = status.snapshot.disconnectedSince else { return nil }
            return "Zoom WebSocket source \(status.name) disconnected for \(Int(now - since)) s"
                + (status.snapshot.suspectedTaken ? " (the subscription looks taken by another client)" : "")
        }
    }

    /// `websocket NAME live` or `… disconnected 95 s`, for `STATUS=`.
    func summary(now: Double) -> String? {
        let parts = all.map { status -> String in
            let snapshot = status.snapshot
            if snapshot.connected { return "websocket \(status.name) live" }
            let since = snapshot.disconnectedSince.map { " \(Int(now - $0)) s" } ?? ""
            return "websocket \(status.name) \(snapshot.suspectedTaken ? "taken by another client?" : "disconnected")\(since)"
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The dashboard's `websocket` field: the first source's (there is one in practice).
    var liveStatus: LiveStatus.WebSocket? {
        all.first.map { LiveStatus.WebSocket(connected: $0.snapshot.connected, lastFrameAt: $0.snapshot.lastFrameAt.map { UnixSeconds($0) }) }
    }

    func export(to registry: PrometheusCollectorRegistry) {
        for status in all {
            let snapshot = status.snapshot
            let source = ("source", status.name)
            registry.makeGauge(name: "zoomdash_websocket_connected", labels: [source], help: "1 while the Zoom WebSocket source is live")
                .set(snapshot.connected ? 1.0 : 0.0)
            registry.makeGauge(
                name: "zoomdash_websocket_last_frame_timestamp_seconds", labels: [source], help: "Unix time of the last frame from Zoom's WebSocket"
            ).set(snapshot.lastFrameAt ?? 0)
            for (reason, count) in snapshot.reconnects {
                raise(
                    registry.makeCounter(
                        name: "zoomdash_websocket_reconnects_total", labels: [source, ("reason", reason)], help: "Zoom WebSocket reconnects by reason"),
                    key: "r/\(status.name)/\(reason)", to: Double(count))
            }
            for (module, count) in snapshot.messagesByModule {
                raise(
                    registry.makeCounter(
                        name: "zoomdash_websocket_messages_total", labels: [source, ("module", module)], help: "Zoom WebSocket frames by module"),
                    key: "m/\(status.name)/\(module)", to: Double(count))
            }
            raise(
                registry.makeCounter(
                    name: "zoomdash_websocket_gap_seconds_total", labels: [source],
                    help: "Seconds the Zoom WebSocket was disconnected after having been live (events of those seconds come from REST)"),
                key: "g/\(status.name)", to: snapshot.gapSeconds)
        }
    }

    private func raise(_ counter: Counter, key: String, to total: Double) {
        let delta = exported.withLock { exported -> Double in
            let delta = total - (exported[key] ?? 0)
            if delta > 0 { exported[key] = total }
            return delta
        }
        if delta > 0 { counter.increment(by: delta) }
    }
}
