import Logging
import Prometheus
import ServiceLifecycle
import Synchronization
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashPlugins
import ZoomDashSinks
import ZoomDashStorage

/// Runs the configured sinks (`[sinks.NAME]`): exporters on their timers and soon after an analysis
/// changed what they publish, notifiers whenever the outbox may have new events and, for a
/// ``ScheduledNotifier``, on its own clock. ``SinkSchedule`` decides when; this executor builds the
/// plugins from the current configuration, runs each in a task of its own, and records every run
/// (`zoomdashctl status`, `/metrics`). Sinks never hold the Zoom lease and never run on the webhook
/// path; a failing sink backs off and keeps what it owed.
final class SinkService: Service, Sendable {
    /// What a notifier's run does: deliver the outbox, tick its clock, or both, one after the other
    /// in its one task (never at once: the ``ScheduledNotifier`` contract).
    enum Feed: Hashable, Sendable { case outbox, clock }

    let runtime: Runtime
    /// What changed since the loop last looked: published at its next turn (at most `poll` later).
    private let changes = Mutex<(tables: Set<ExportedTable>, outbox: Bool)>(([], false))
    private let poll: Duration = .milliseconds(500)
    /// Delivered events older than this are pruned from the outbox.
    static let outboxRetentionSeconds: Int64 = 30 * 86_400
    static let batchSize = 200

    init(runtime: Runtime) {
        self.runtime = runtime
    }

    /// Called after an analysis or a collector run: `tables` changed, and the outbox may have events.
    func changed(_ tables: Set<ExportedTable>) {
        changes.withLock {
            $0.tables.formUnion(tables)
            $0.outbox = true
        }
    }

    private enum Event: Sendable {
        case tick
        case exported(sink: String, success: Bool)
        case delivered(sink: String, outcome: Delivery, nextTick: Double?)
    }

    enum Delivery: Sendable {
        case done(more: Bool)
        case failed
        /// The notifier held the batch back on purpose until then.
        case held(until: Double)
    }

    /// Each sink runs in a task of its own, so a long upload (a month to Zoho) never holds up a chat
    /// notification; one sink never runs twice at once (``SinkSchedule`` marks it running).
    func run() async throws {
        // Exporters read through a connection of their own, on its own thread: a long export never
        // holds up a webhook commit on the writer's.
        let reader = try ZoomDashStore(path: runtime.store.path, readOnly: true)
        await observeHeldRows(from: reader)
        var exporting = SinkSchedule<ExportedTable>(allTables: Set(ExportedTable.allCases))
        var delivering = SinkSchedule<Feed>(allTables: [.outbox])
        var plugins = Plugins()
        var version = 0
        /// When each scheduled notifier's clock is due next (absent: owed to the schedule, or running).
        var ticks: [String: Double] = [:]
        var nextPrune = 0.0
        await withTaskGroup(of: Event.self) { group in
            group.addTask { .tick }
            while let event = await group.next() {
                if Task.isShuttingDownGracefully || Task.isCancelled {
                    // Uploads record only what the remote side confirmed: cancelling one loses nothing.
                    group.cancelAll()
                    continue
                }
                let now = Runtime.preciseNow()
                switch event {
                case .exported(let sink, let success):
                    exporting.finished(sink, success: success, now: now)
                    continue
                case .delivered(let sink, let outcome, let nextTick):
                    if let nextTick { ticks[sink] = min(nextTick, now + Double(maximumTickInterval)) }
                    switch outcome {
                    case .done(let more):
                        delivering.finished(sink, success: true, now: now)
                        if more { delivering.changed([.outbox]) }
                    case .failed:
                        delivering.finished(sink, success: false, now: now)
                    case .held(let until):
                        delivering.postponed(sink, until: until, now: now)
                    }
                    continue
                case .tick:
                    break
                }
                if version != runtime.current.version {
                    version = runtime.current.version
                    plugins = Plugins(runtime.current, store: runtime.store, logger: runtime.logger)
                    for name in plugins.notifiers.keys { _ = try? await runtime.store.notifierCursor(name, now: Runtime.now()) }
                    exporting.configure(plugins.exporters.keys.sorted().map { plugins.spec($0, changeDelay: 30) }, now: now)
                    delivering.configure(plugins.notifiers.keys.sorted().map { plugins.spec($0, changeDelay: 1) }, now: now)
                    // New instances: each scheduled one ticks at once.
                    ticks = Dictionary(uniqueKeysWithValues: plugins.notifiers.filter { $0.value is any ScheduledNotifier }.map { ($0.key, now) })
                }
                let changed = changes.withLock { changes in
                    defer { changes = ([], false) }
                    return changes
                }
                if !changed.tables.isEmpty { exporting.changed(changed.tables) }
                if changed.outbox { delivering.changed([.outbox]) }
                for (sink, at) in ticks where now >= at {
                    delivering.changed([.clock], for: sink)
                    ticks[sink] = nil
                }
                for run in exporting.due(now: now) {
                    guard let exporter = plugins.exporters[run.sink] else {
                        exporting.finished(run.sink, success: true, now: now)
                        continue
                    }
                    group.addTask { .exported(sink: run.sink, success: await self.export(exporter, tables: run.tables, from: reader)) }
                }
                for run in delivering.due(now: now) {
                    guard let notifier = plugins.notifiers[run.sink] else {
                        delivering.finished(run.sink, success: true, now: now)
                        continue
                    }
                    group.addTask { await self.run(notifier, run.sink, feeds: run.tables) }
                }
                if now >= nextPrune {
                    nextPrune = now + 3600
                    let cutoff = Runtime.now() - Self.outboxRetentionSeconds
                    // Every configured notifier counts, a disabled or broken one too: it may be back.
                    let notifiers = runtime.current.config.sinks.filter { StandardPlugins.kind(ofSink: $0.value.type) == .notifier }.keys.sorted()
                    _ = try? await runtime.store.pruneOutbox(before: cutoff, notifiers: notifiers)
                }
                let wake = [exporting.nextWakeup(), delivering.nextWakeup(), ticks.values.min()].compactMap { $0 }.min() ?? (now + 60)
                let pause = max(0.01, min(wake - Runtime.preciseNow(), poll.secondsValue))
                group.addTask {
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int64(pause * 1000))) }
                    return .tick
                }
            }
        }
    }

    /// One publish, recorded. Returns whether it succeeded (problems count as a partial success).
    private func export(_ exporter: any Exporter, tables: Set<ExportedTable>, from reader: ZoomDashStore) async -> Bool {
        let started = Runtime.now()
        let logger = runtime.logger
        let run: SinkRun
        do {
            let report = try await exporter.export(ExportContext(store: reader, tables: tables, now: started, logger: logger))
            run = SinkRun(
                sink: exporter.name, startedAt: started, finishedAt: Runtime.now(), result: report.problems.isEmpty ? .ok : .partial,
                rows: report.totalRows, error: report.problems.first)
            logger.debug("exported", metadata: ["sink": "\(exporter.name)", "export.rows": "\(report.totalRows)", "export.tables": "\(tables.map(\.rawValue).sorted())"])
            for problem in report.problems { logger.warning("export partly failed", metadata: ["sink": "\(exporter.name)", "error": "\(problem)"]) }
        } catch {
            run = SinkRun(sink: exporter.name, startedAt: started, finishedAt: Runtime.now(), result: .error, rows: 0, error: "\(error)")
            logger.error("export failed; retrying with backoff", metadata: ["sink": "\(exporter.name)", "error": "\(error)"])
        }
        await record(run)
        await observeHeldRows(of: exporter.name, from: reader)
        return run.result != .error
    }

    /// `/metrics`' rows each remote-table sink holds (a scrape reads memory only): counted on the
    /// exporters' reader, at start for every sink and after each run for that one.
    private func observeHeldRows(of sink: String? = nil, from reader: ZoomDashStore) async {
        do {
            let counts = try await reader.sinkRowCounts(sink: sink)
            for name in Set(counts.keys).union(sink.map { [$0] } ?? []) { runtime.metrics.observeSinkRows(of: name, counts[name] ?? [:]) }
        } catch {
            runtime.logger.warning("could not count the rows the sinks hold", metadata: ["error": "\(error)"])
        }
    }

    /// One run of a notifier: the outbox, then its clock; the schedule hears the worse outcome (a
    /// failure backs both off, a hold postpones both to the earlier time; either repeats harmlessly).
    private func run(_ notifier: any Notifier, _ sink: String, feeds: Set<Feed>) async -> Event {
        var outcome = Delivery.done(more: false)
        if feeds.contains(.outbox) { outcome = await deliver(notifier) }
        guard feeds.contains(.clock), let scheduled = notifier as? any ScheduledNotifier else {
            return .delivered(sink: sink, outcome: outcome, nextTick: nil)
        }
        let started = Runtime.now()
        do {
            let next = try await scheduled.tick(now: started)
            runtime.metrics.notifierTicked(sink, at: Runtime.now())
            return .delivered(sink: sink, outcome: outcome, nextTick: Double(next ?? started + maximumTickInterval))
        } catch let hold as any NotifierHold where hold.holdUntil != nil {
            runtime.logger.info("notifier holds its scheduled messages", metadata: ["sink": "\(sink)", "reason": "\(hold)"])
            switch outcome {
            case .failed: return .delivered(sink: sink, outcome: .failed, nextTick: nil)
            case .held(let until): return .delivered(sink: sink, outcome: .held(until: min(until, hold.holdUntil!)), nextTick: nil)
            case .done: return .delivered(sink: sink, outcome: .held(until: hold.holdUntil!), nextTick: nil)
            }
        } catch {
            runtime.logger.error("scheduled notification failed; retrying with backoff", metadata: ["sink": "\(sink)", "error": "\(error)"])
            await record(SinkRun(sink: sink, startedAt: started, finishedAt: Runtime.now(), result: .error, rows: 0, error: "\(error)"))
            return .delivered(sink: sink, outcome: .failed, nextTick: nil)
        }
    }

    /// Delivers the next batch after the notifier's cursor and moves the cursor past it.
    private func deliver(_ notifier: any Notifier) async -> Delivery {
        let store = runtime.store
        let started = Runtime.now()
        do {
            let cursor = try await store.notifierCursor(notifier.name, now: started)
            let events = try await store.outboxEvents(after: cursor, limit: Self.batchSize)
            guard let last = events.last else {
                runtime.metrics.notifierBacklog(notifier.name).set(0.0)
                return .done(more: false)
            }
            try await notifier.deliver(events)
            try await store.setNotifierCursor(notifier.name, to: last.id, now: Runtime.now())
            let waiting = try await store.outboxEvents(after: last.id, limit: Self.batchSize).count
            runtime.metrics.notifierBacklog(notifier.name).set(Double(waiting))
            await record(SinkRun(sink: notifier.name, startedAt: started, finishedAt: Runtime.now(), result: .ok, rows: events.count, error: nil))
            return .done(more: waiting > 0)
        } catch let hold as any NotifierHold where hold.holdUntil != nil {
            runtime.logger.info("notifier holds its events", metadata: ["sink": "\(notifier.name)", "reason": "\(hold)"])
            return .held(until: hold.holdUntil!)
        } catch {
            runtime.logger.error("delivery failed; retrying with backoff", metadata: ["sink": "\(notifier.name)", "error": "\(error)"])
            await record(SinkRun(sink: notifier.name, startedAt: started, finishedAt: Runtime.now(), result: .error, rows: 0, error: "\(error)"))
            return .failed
        }
    }

    private func record(_ run: SinkRun) async {
        runtime.metrics.sinkRun(run.sink, result: run.result.rawValue, at: run.finishedAt)
        do {
            try await runtime.store.recordSinkRun(run)
        } catch {
            runtime.logger.error("could not record a sink run", metadata: ["sink": "\(run.sink)", "error": "\(error)"])
        }
    }

    /// The enabled sinks of one configuration, built.
    struct Plugins {
        var exporters: [String: any Exporter] = [:]
        var notifiers: [String: any Notifier] = [:]
        var configs: [String: SinkConfig] = [:]

        init() {}

        func spec<Table>(_ name: String, changeDelay: Double) -> SinkSchedule<Table>.Spec {
            let config = configs[name]!
            return .init(
                name: name, intervalSeconds: Double(config.intervalSeconds),
                minimumSpacing: config.changeDelaySeconds.map(Double.init) ?? changeDelay)
        }

        init(_ current: Runtime.Current, store: ZoomDashStore, logger: Logger) {
            let config = current.config
            let exporterDependencies = ExporterDependencies(
                defaultDirectory: config.export.directory, presence: config.presence, http: current.http, logger: logger, store: store)
            let notifierDependencies = NotifierDependencies(
                http: current.http, logger: logger, store: store, presence: config.presence, dashboardURL: config.dashboard.publicURL)
            for (name, sink) in config.sinks.sorted(by: { $0.key < $1.key }) where sink.enabled {
                do {
                    switch StandardPlugins.kind(ofSink: sink.type) {
                    case .exporter:
                        exporters[name] = try StandardPlugins.exporters.make(
                            name: name, type: sink.type, section: sink.section, dependencies: exporterDependencies)
                    case .notifier:
                        notifiers[name] = try StandardPlugins.notifiers.make(
                            name: name, type: sink.type, section: sink.section, dependencies: notifierDependencies)
                    case nil: continue  // refused when the configuration was loaded
                    }
                    configs[name] = sink
                } catch {
                    logger.error("sink cannot be built; it does not run", metadata: ["sink": "\(name)", "error": "\(error)"])
                }
            }
        }
    }
}
