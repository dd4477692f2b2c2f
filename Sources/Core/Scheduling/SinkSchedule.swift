/// When each sink runs: a pure state machine (no clock, no I/O), like ``SchedulerStateMachine``. The
/// daemon tells it what changed and how runs ended, and runs what ``due(now:)`` returns.
///
/// Rules: a sink runs every `interval` with every table (a full, idempotent publish, which also heals
/// anything a crash cut short), and soon after a change: at most once per `minimumSpacing`, with the
/// tables that changed since its last run. Changes that arrive while it runs are kept for the next
/// run. (`minimumSpacing` is per sink: a file rewrite wants tens of seconds, a chat message one.)
/// Runs after changes are also spaced by `1 / maximumShare` times the last run's duration, so a sink
/// whose publish grows slow (a big history rewritten under a flood of changes) takes a bounded share
/// of the machine. After a failure it waits 1 s, 2 s, 4 s … up to `maximumBackoff` and keeps what it owed. Never
/// two runs of one sink at once.
public struct SinkSchedule<Table: Hashable & Sendable>: Sendable {
    public struct Spec: Sendable, Hashable {
        public var name: String
        public var intervalSeconds: Double
        public var minimumSpacing: Double
        public init(name: String, intervalSeconds: Double, minimumSpacing: Double = 5) {
            self.name = name
            self.intervalSeconds = intervalSeconds
            self.minimumSpacing = minimumSpacing
        }
    }

    public struct Run: Sendable, Hashable {
        public var sink: String
        public var tables: Set<Table>
        public init(sink: String, tables: Set<Table>) {
            self.sink = sink
            self.tables = tables
        }
    }

    struct Sink: Sendable {
        var spec: Spec
        var nextFullRunAt: Double
        var owed: Set<Table> = []
        var lastStartedAt: Double = -.infinity
        var lastDuration: Double = 0
        var running: Set<Table>?
        var failures = 0
        var retryAt: Double = -.infinity
    }

    public var maximumBackoff: Double = 300
    public var maximumShare: Double = 0.1
    private let allTables: Set<Table>
    private var sinks: [String: Sink] = [:]

    public init(allTables: Set<Table>) {
        self.allTables = allTables
    }

    /// Applies the configured sinks: new ones run a full publish at once, removed ones are forgotten
    /// (a run in flight finishes), kept ones keep their state with the new interval.
    public mutating func configure(_ specs: [Spec], now: Double) {
        let names = Set(specs.map(\.name))
        sinks = sinks.filter { names.contains($0.key) }
        for spec in specs {
            if var sink = sinks[spec.name] {
                sink.nextFullRunAt = min(sink.nextFullRunAt, now + spec.intervalSeconds)
                sink.spec = spec
                sinks[spec.name] = sink
            } else {
                sinks[spec.name] = Sink(spec: spec, nextFullRunAt: now)
            }
        }
    }

    /// Something the sinks publish changed (an analysis, a collector run).
    public mutating func changed(_ tables: Set<Table>) {
        for name in sinks.keys { sinks[name]!.owed.formUnion(tables) }
    }

    /// One sink owes `tables` (its own timer is due, say); run like a change, at most once per spacing.
    public mutating func changed(_ tables: Set<Table>, for name: String) {
        sinks[name]?.owed.formUnion(tables)
    }

    /// The runs to start now; each is marked running until ``finished(_:success:now:)``.
    public mutating func due(now: Double) -> [Run] {
        var runs: [Run] = []
        for name in sinks.keys.sorted() {
            var sink = sinks[name]!
            guard sink.running == nil, now >= sink.retryAt else { continue }
            var tables: Set<Table>
            if now >= sink.nextFullRunAt {
                tables = allTables
            } else if !sink.owed.isEmpty, sink.failures > 0 || now >= sink.lastStartedAt + spacing(sink) {
                tables = sink.owed
            } else {
                continue
            }
            tables.formUnion(sink.owed)
            sink.owed = []
            sink.running = tables
            sink.lastStartedAt = now
            // Tables beyond `allTables` (a notifier's clock) may ride along with a full run.
            if tables.isSuperset(of: allTables) { sink.nextFullRunAt = now + sink.spec.intervalSeconds }
            sinks[name] = sink
            runs.append(Run(sink: name, tables: tables))
        }
        return runs
    }

    public mutating func finished(_ name: String, success: Bool, now: Double) {
        guard var sink = sinks[name], let ran = sink.running else { return }
        sink.running = nil
        sink.lastDuration = max(0, now - sink.lastStartedAt)
        if success {
            sink.failures = 0
            sink.retryAt = -.infinity
        } else {
            sink.owed.formUnion(ran)
            sink.failures += 1
            sink.retryAt = now + min(maximumBackoff, Double(1 << min(sink.failures - 1, 20)))
        }
        sinks[name] = sink
    }

    /// A run that held its work back on purpose until `until`: no failure, no backoff; what it ran
    /// is owed again at that time.
    public mutating func postponed(_ name: String, until: Double, now: Double) {
        guard var sink = sinks[name], let ran = sink.running else { return }
        sink.running = nil
        sink.lastDuration = max(0, now - sink.lastStartedAt)
        sink.owed.formUnion(ran)
        sink.failures = 0
        sink.retryAt = until
        sinks[name] = sink
    }

    /// When ``due(now:)`` may next return something (nil: nothing scheduled).
    public func nextWakeup() -> Double? {
        sinks.values.compactMap { sink -> Double? in
            guard sink.running == nil else { return nil }
            var next = sink.nextFullRunAt
            if !sink.owed.isEmpty { next = min(next, sink.failures > 0 ? sink.retryAt : sink.lastStartedAt + spacing(sink)) }
            return max(next, sink.retryAt)
        }.min()
    }

    public func failures(of name: String) -> Int { sinks[name]?.failures ?? 0 }

    private func spacing(_ sink: Sink) -> Double { max(sink.spec.minimumSpacing, sink.lastDuration / maximumShare) }
}
