import Prometheus
import Synchronization
import ZoomDashCore
import ZoomDashStorage
import ZoomDashZoomAPI

/// Every metric zoomdashd exports, defined in one place so names, help texts and label sets cannot
/// clash at runtime. Labels come only from fixed enums or config (never meeting ids, names, emails).
/// Counters that the store can recompute start from the store's totals, so they survive restarts;
/// the rest are saved with ``savedCounters()`` at shutdown.
public final class ZoomDashMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let current = Mutex<[String: Int64]>([:])
    /// The tables each sink was seen holding rows of, so one it no longer holds reads 0.
    private let sinkTables = Mutex<[String: Set<String>]>([:])
    public let liveMeetings: Gauge
    public let liveParticipants: Gauge
    public let lastWebhookEvent: Gauge
    public let liveAnalysisLag: Gauge
    public let liveAnalysisBacklog: Gauge
    /// Seconds the live analysis's passes took, and the meetings they re-derived: its share of the box.
    public let liveAnalysisSeconds: Counter
    public let liveAnalysisMeetings: Counter
    public let storeBytes: Gauge
    public let storeWritable: Gauge
    /// Looked up once: the webhook path counts every request, and a registry lookup takes a lock.
    private let webhookCounters: [WebhookOutcome: Counter]
    /// What this process counted per outcome (for ``savedCounters()``), without a lock per request.
    private let webhookCounts: [WebhookOutcome: AtomicCount]

    public enum WebhookOutcome: String, Sendable, CaseIterable {
        case accepted, duplicate, urlValidation = "url_validation", badSignature = "bad_signature", stale, malformed
        case tooLarge = "too_large", noSecret = "no_secret", unavailable
    }

    public static let apiCodes = ["2xx", "4xx", "429", "5xx", "error"]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), collectors: [String], sinks: [String] = []) {
        self.registry = registry
        liveMeetings = Self.gauge(registry, "zoomdash_live_meetings",
            help: "Meetings started and not yet ended, as told by Zoom's webhooks.")
        liveParticipants = Self.gauge(registry, "zoomdash_live_participants",
            help: "Participants currently connected to live meetings.")
        lastWebhookEvent = Self.gauge(registry, "zoomdash_webhook_last_event_timestamp_seconds",
            help: "When the last webhook event was stored (Unix time).")
        liveAnalysisLag = Self.gauge(registry, "zoomdash_live_analysis_lag_seconds",
            help: "How far the live view trailed the webhooks at its last update: seconds from storing the oldest event it took in to the update.")
        liveAnalysisBacklog = Self.gauge(registry, "zoomdash_live_analysis_backlog_meetings",
            help: "Meetings with stored webhook events that the live analysis has not taken in yet (after a start or under a flood).")
        liveAnalysisSeconds = registry.makeCounter(descriptor: Self.descriptor("zoomdash_live_analysis_seconds_total",
            "Seconds the live analysis's passes took (each re-derives its meetings from all their events)."))
        liveAnalysisMeetings = registry.makeCounter(descriptor: Self.descriptor("zoomdash_live_analysis_meetings_total",
            "Meetings the live analysis's passes re-derived."))
        storeBytes = Self.gauge(registry, "zoomdash_store_bytes",
            help: "Size of the SQLite store on disk, including its write-ahead log.")
        storeWritable = Self.gauge(registry, "zoomdash_store_writable",
            help: "1 while the store accepts writes (webhook commits and the health probe succeed), else 0.")
        webhookCounts = Dictionary(uniqueKeysWithValues: WebhookOutcome.allCases.map { ($0, AtomicCount()) })
        webhookCounters = Dictionary(uniqueKeysWithValues: WebhookOutcome.allCases.map { outcome in
            (outcome, Self.counter(registry, "zoomdash_webhook_requests_total", labels: [("outcome", outcome.rawValue)],
                help: "Requests to the Zoom webhook endpoint, by outcome."))
        })
        for reason in DisconnectionReason.allCases {
            for source in DataSource.allCases { _ = disconnects(reason.rawValue, source.rawValue) }
        }
        for scope in Incident.Scope.allCases { _ = incidents(scope.rawValue) }
        for issue in MeetingAlertIssue.allCases { _ = alerts(issue.rawValue) }
        observeQuality(QualityTotals())
        for collector in collectors {
            for result in ["ok", "partial", "error", "skipped"] { _ = collectorRuns(collector, result) }
            _ = lastSuccess(collector)
        }
        for sink in sinks {
            for result in ["ok", "partial", "error"] { _ = sinkRuns(sink, result) }
            _ = sinkLastSuccess(sink)
        }
        for category in RateCategory.allCases {
            for code in Self.apiCodes { _ = apiRequests(category.slug, code) }
            _ = budgetRemaining(category.slug)
        }
        gauge("zoomdash_build_info", [("version", ZoomDashVersion.current)], "ZoomDash build information.").set(1.0)
    }

    // MARK: - Families

    private func disconnects(_ reason: String, _ source: String) -> Counter {
        Self.counter(registry, "zoomdash_participant_disconnects_total", labels: [("reason_class", reason), ("source", source)],
            help: "Individual participant disconnections, by reason class and data source.")
    }

    private func incidents(_ scope: String) -> Counter {
        Self.counter(registry, "zoomdash_collective_incidents_total", labels: [("scope", scope)],
            help: "Collective disconnections: many participants of one meeting (meeting) or many meetings at once (account).")
    }

    private func alerts(_ issue: String) -> Counter {
        Self.counter(registry, "zoomdash_meeting_alerts_total", labels: [("issue", issue)],
            help: "Zoom meeting.alert issues (meeting issues), normalised.")
    }

    private func collectorRuns(_ collector: String, _ result: String) -> Counter {
        Self.counter(registry, "zoomdash_collector_runs_total", labels: [("collector", collector), ("result", result)],
            help: "Collector runs, by collector and result.")
    }

    private func lastSuccess(_ collector: String) -> Gauge {
        gauge("zoomdash_collector_last_success_timestamp_seconds", [("collector", collector)], "When the collector last succeeded (Unix time).")
    }

    private func sinkRuns(_ sink: String, _ result: String) -> Counter {
        Self.counter(registry, "zoomdash_sink_runs_total", labels: [("sink", sink), ("result", result)],
            help: "Sink runs (an exporter's publish, a notifier's delivery), by sink and result.")
    }

    private func sinkLastSuccess(_ sink: String) -> Gauge {
        gauge("zoomdash_sink_last_success_timestamp_seconds", [("sink", sink)], "When the sink last published or delivered successfully (Unix time).")
    }

    /// Rows a remote-table sink holds, as the store's `sink_rows` record them.
    private func sinkRows(_ sink: String, _ table: String) -> Gauge {
        gauge("zoomdash_sink_rows", [("sink", sink), ("table", table)],
              "Rows a remote-table sink (Zoho Analytics) holds per table: what the remote side confirmed, as the store records it.")
    }

    /// Outbox events a notifier has not delivered yet.
    public func notifierBacklog(_ sink: String) -> Gauge {
        gauge("zoomdash_notifier_events_waiting", [("sink", sink)], "Incident events in the outbox that this notifier has not delivered yet.")
    }

    /// When a scheduled notifier's clock (digest, presence feed) last ran through without an error:
    /// a value that stops moving is a notifier whose clock stalls.
    public func notifierTicked(_ sink: String, at time: UnixSeconds) {
        gauge("zoomdash_notifier_last_tick_timestamp_seconds", [("sink", sink)],
              "When the notifier's own clock (daily digest, presence feed) last ran without an error (Unix time).").set(Double(time))
    }

    private func apiRequests(_ category: String, _ code: String) -> Counter {
        Self.counter(registry, "zoomdash_zoom_api_requests_total", labels: [("category", category), ("code", code)],
            help: "Zoom REST API requests, by rate-limit category and response class.")
    }

    private func budgetRemaining(_ category: String) -> Gauge {
        gauge("zoomdash_zoom_api_budget_remaining", [("category", category)], "Zoom API requests of this category that could start now.")
    }

    private func gauge(_ name: String, _ labels: [(String, String)], _ help: String) -> Gauge {
        Self.gauge(registry, name, labels: labels, help: help)
    }

    /// Our names are written out whole (easy to grep for), so the descriptor gets them as its base name.
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private static func gauge(
        _ registry: PrometheusCollectorRegistry, _ name: String, labels: [(String, String)] = [], help: String
    ) -> Gauge {
        labels.isEmpty
            ? registry.makeGauge(descriptor: descriptor(name, help))
            : registry.makeGauge(descriptor: descriptor(name, help), labels: labels)
    }

    private static func counter(
        _ registry: PrometheusCollectorRegistry, _ name: String, labels: [(String, String)], help: String
    ) -> Counter {
        registry.makeCounter(descriptor: descriptor(name, help), labels: labels)
    }

    // MARK: - Updates

    /// Raises a counter to `total` (counters never go down, even if a re-analysis finds fewer).
    private func raise(_ counter: Counter, key: String, to total: Int) {
        let delta = current.withLock { values -> Int64 in
            let delta = Int64(total) - values[key, default: 0]
            if delta > 0 { values[key] = Int64(total) }
            return delta
        }
        if delta > 0 { counter.increment(by: delta) }
    }

    private func add(_ counter: Counter, key: String, _ amount: Int = 1) {
        current.withLock { $0[key, default: 0] += Int64(amount) }
        counter.increment(by: Int64(amount))
    }

    /// Call quality as stored now: gauges, since a re-analysis with other thresholds may lower them.
    public func observeQuality(_ totals: QualityTotals) {
        gauge("zoomdash_quality_samples", [], "Participant-minutes with Zoom QoS data in the store (one sample per person and minute).")
            .set(Double(totals.participantMinutes))
        for channel in QualityChannel.judged {
            for metric in QualityMetric.judged {
                let cause = PoorCause(channel: channel, metric: metric)
                gauge("zoomdash_quality_poor_samples", [("channel", channel.zoomKey), ("metric", metric.zoomKey)],
                      "Poor participant-minutes in the store, by the channel and metric that made them poor.")
                    .set(Double(totals.poor[cause] ?? 0))
            }
        }
        gauge("zoomdash_qos_backlog_meetings", [], "Monitored meetings of the last 30 days whose QoS is not fetched yet.")
            .set(Double(totals.backlogMeetings))
        for scope in Incident.Scope.allCases {
            for cause in IncidentCause.allCases {
                gauge("zoomdash_incidents", [("scope", scope.rawValue), ("cause", cause.rawValue)],
                      "Collective incidents in the store, by scope and most likely cause.")
                    .set(Double(totals.incidentCauses["\(scope.rawValue)|\(cause.rawValue)"] ?? 0))
            }
        }
    }

    /// Applies store-derived totals (at startup and after each analysis).
    public func observe(_ totals: MetricTotals) {
        observeDisconnects(totals.disconnects)
        for (scope, count) in totals.incidents { raise(incidents(scope), key: "i|\(scope)", to: count) }
        for (issue, count) in totals.alerts { raise(alerts(issue), key: "a|\(issue)", to: count) }
        for (pair, count) in totals.collectorRuns {
            raise(collectorRuns(pair.first, pair.second), key: "r|\(pair.first)|\(pair.second)", to: count)
        }
        for (collector, time) in totals.lastSuccess { lastSuccess(collector).set(Double(time)) }
        for (pair, count) in totals.sinkRuns { raise(sinkRuns(pair.first, pair.second), key: "s|\(pair.first)|\(pair.second)", to: count) }
        for (sink, time) in totals.sinkLastSuccess { sinkLastSuccess(sink).set(Double(time)) }
        for (pair, count) in totals.saved {
            switch pair.first {
            case "webhook":
                if let outcome = WebhookOutcome(rawValue: pair.second) {
                    // Earlier runs' total: the base this run's own counts are added to.
                    raise(webhookCounters[outcome]!, key: outcome.counterKey, to: count)
                }
            case "api":
                let parts = pair.second.split(separator: "|").map(String.init)
                if parts.count == 2 { raise(apiRequests(parts[0], parts[1]), key: "z|\(parts[0])|\(parts[1])", to: count) }
            default: break
            }
        }
        if let last = totals.lastWebhookEvent { lastWebhookEvent.set(Double(last)) }
    }

    /// A disconnection first seen by a webhook is later re-derived from Zoom's own record (source
    /// dashboard or report) without being a new drop. So the counters grow only when the total per
    /// reason class grows, and the growth is credited to the sources whose counts rose.
    private func observeDisconnects(_ counts: [MetricTotals.Pair: Int]) {
        let reasons = Set(counts.keys.map(\.first))
        for reason in reasons.sorted() {
            let total = counts.filter { $0.key.first == reason }.values.reduce(0, +)
            let increments = current.withLock { values -> [(String, Int64)] in
                var growth = Int64(total) - values["dt|\(reason)", default: 0]
                var result: [(String, Int64)] = []
                for source in DataSource.allCases.map(\.rawValue) {
                    let key = "d|\(reason)|\(source)"
                    let now = Int64(counts[.init(reason, source)] ?? 0)
                    let rise = min(max(0, now - values["seen|" + key, default: 0]), max(0, growth))
                    values["seen|" + key] = now
                    if rise > 0 {
                        result.append((source, rise))
                        values[key, default: 0] += rise
                        growth -= rise
                    }
                }
                values["dt|\(reason)"] = max(values["dt|\(reason)", default: 0], Int64(total))
                return result
            }
            for (source, amount) in increments { disconnects(reason, source).increment(by: amount) }
        }
    }

    public func webhookRequest(_ outcome: WebhookOutcome) {
        webhookCounts[outcome]!.increment()
        webhookCounters[outcome]!.increment()
    }

    public func collectorRun(_ collector: String, result: String, at time: UnixSeconds) {
        add(collectorRuns(collector, result), key: "r|\(collector)|\(result)")
        if result == "ok" { lastSuccess(collector).set(Double(time)) }
    }

    /// Applies the store's count of the rows `sink` holds per table (``ZoomDashStore/sinkRowCounts(sink:)``);
    /// a table it held rows of before and holds none of now reads 0.
    public func observeSinkRows(of sink: String, _ tables: [String: Int]) {
        let known = sinkTables.withLock { known -> Set<String> in
            known[sink, default: []].formUnion(tables.keys)
            return known[sink]!
        }
        for table in known { sinkRows(sink, table).set(Double(tables[table] ?? 0)) }
    }

    public func sinkRun(_ sink: String, result: String, at time: UnixSeconds) {
        add(sinkRuns(sink, result), key: "s|\(sink)|\(result)")
        if result == "ok" { sinkLastSuccess(sink).set(Double(time)) }
    }

    /// Applies the Zoom client's cumulative request counts.
    public func observe(api snapshot: [ZoomAPIStats.Key: Int]) {
        var totals: [String: (String, String, Int)] = [:]
        for (key, count) in snapshot {
            let code = Self.codeClass(key.code)
            let id = "\(key.category.slug)|\(code)"
            totals[id] = (key.category.slug, code, (totals[id]?.2 ?? 0) + count)
        }
        for (_, (category, code, count)) in totals {
            // The client counts from this process's start; what earlier runs saved is the base.
            let key = "z|\(category)|\(code)"
            let base = current.withLock { values -> Int64 in
                if values["base|" + key] == nil { values["base|" + key] = values[key, default: 0] }
                return values["base|" + key]!
            }
            raise(apiRequests(category, code), key: key, to: Int(base) + count)
        }
    }

    public func budget(_ category: RateCategory, available: Int) { budgetRemaining(category.slug).set(Double(available)) }

    /// The counters the store cannot recompute, for ``ZoomDashStore/saveCounters(_:)``.
    public func savedCounters() -> [MetricTotals.Pair: Int] {
        current.withLock { values in
            var result: [MetricTotals.Pair: Int] = [:]
            for outcome in WebhookOutcome.allCases {
                let total = values[outcome.counterKey, default: 0] + webhookCounts[outcome]!.value
                if total > 0 { result[.init("webhook", outcome.rawValue)] = Int(total) }
            }
            for (key, value) in values {
                if key.hasPrefix("z|") { result[.init("api", String(key.dropFirst(2)))] = Int(value) }
            }
            return result
        }
    }

    /// The exposition text (format 0.0.4). Serve with `text/plain; version=0.0.4; charset=utf-8`.
    public func render() -> [UInt8] { registry.emitToBuffer() }

    static func codeClass(_ code: String) -> String {
        guard let status = Int(code) else { return "error" }
        switch status {
        case 429: return "429"
        case 200..<300: return "2xx"
        case 500...: return "5xx"
        default: return "4xx"
        }
    }
}

extension ZoomDashMetrics.WebhookOutcome {
    var counterKey: String { "w|" + rawValue }
}

/// A counter readable back (Prometheus counters are write-only), without a lock.
final class AtomicCount: Sendable {
    private let count = Atomic<Int64>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int64 { count.load(ordering: .relaxed) }
}
