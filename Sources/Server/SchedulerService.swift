import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashPlatform
import ZoomDashPlugins
import ZoomDashSinks
import ZoomDashStorage
import ZoomDashZoomAPI

/// Runs the polling collectors on their timers (``SchedulerStateMachine`` decides when), pings the
/// systemd watchdog from this same loop so a stuck loop trips it, and does the periodic upkeep
/// (status line, gauges, saved counters, the Zoom lease).
struct SchedulerService: Service {
    let runtime: Runtime
    let sinks: SinkService
    /// The wall clock, in Unix seconds (injected for tests of the timing).
    var now: @Sendable () -> Double = Runtime.preciseNow
    static let upkeepSeconds = 15.0
    static let leaseName = ZoomLease.name
    static let leaseSeconds = ZoomLease.seconds

    private enum Event: Sendable {
        case tick
        case finished(job: String, outcome: RunOutcome)
        case triggeredFinished
    }

    func run() async throws {
        var machine = SchedulerStateMachine()
        var version = 0
        var nextUpkeep = 0.0
        let watchdogSeconds = runtime.notifier.watchdogInterval.map(\.secondsValue)
        var nextWatchdog = 0.0
        var triggeredRunning = false
        var nextPrune = 0.0
        await withTaskGroup(of: Event.self) { group in
            group.addTask { .tick }
            while let event = await group.next() {
                let now = self.now()
                // Cancelled too (another service failed, or the stop timed out): a sleep that throws at
                // once must not turn the tick loop into a spin.
                if Task.isShuttingDownGracefully || Task.isCancelled {
                    machine.stop()
                    group.cancelAll()
                    if case .finished(let job, let outcome) = event { await record(job, outcome, &machine) }
                    continue
                }
                if version != runtime.current.version {
                    version = runtime.current.version
                    await configure(&machine, now: now)
                }
                switch event {
                case .finished(let job, let outcome):
                    await record(job, outcome, &machine)
                case .triggeredFinished:
                    triggeredRunning = false
                    try? await LiveSummary.publish(runtime)
                case .tick:
                    if let watchdogSeconds, now >= nextWatchdog {
                        runtime.notifier.watchdog()
                        nextWatchdog = now + watchdogSeconds
                    }
                    if now >= nextUpkeep {
                        await upkeep(running: !machine.runningJobs.isEmpty)
                        nextUpkeep = now + Self.upkeepSeconds
                        if !triggeredRunning, let due = await dueTriggeredFetches(now: now) {
                            triggeredRunning = true
                            group.addTask {
                                await runTriggered(due)
                                return .triggeredFinished
                            }
                        }
                        if now >= nextPrune {
                            await pruneQualitySamples(now: now)
                            nextPrune = now + 86_400
                        }
                    }
                    for action in machine.due(now: now) {
                        guard case .run(let job, let from, let to) = action else { continue }
                        group.addTask { .finished(job: job, outcome: await runCollector(job, from: Int64(from), to: Int64(to))) }
                    }
                    let wake = [machine.nextWakeup(), nextUpkeep, watchdogSeconds.map { _ in nextWatchdog }].compactMap { $0 }.min() ?? now + 60
                    let delay = max(0.01, wake - self.now())
                    group.addTask {
                        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int64(delay * 1000))) }
                        return .tick
                    }
                }
            }
        }
        try? await runtime.store.releaseLease(Self.leaseName, holder: runtime.holder)
        await upkeep(running: false)
    }

    /// (Re)loads job specs from the current config; completed windows of new jobs come from the store.
    private func configure(_ machine: inout SchedulerStateMachine, now: Double) async {
        var specs: [SchedulerStateMachine.JobSpec] = []
        var completed: [String: Double] = [:]
        for (name, schedule) in runtime.current.config.collectorSchedules.sorted(by: { $0.key < $1.key }) where schedule.enabled {
            specs.append(SchedulerStateMachine.JobSpec(
                name: name, intervalSeconds: Double(schedule.intervalSeconds), lookbackSeconds: Double(schedule.lookbackSeconds),
                jitterSeconds: min(60, Double(schedule.intervalSeconds) / 10)))
            if let stored = (try? await runtime.store.checkpoint("scheduler.\(name).completed_until")).flatMap({ $0 }).flatMap(Double.init) {
                completed[name] = stored
            }
        }
        machine.reconfigure(specs, completedUntil: completed, now: now, jitter: { Double.random(in: 0..<1) })
    }

    /// How a collector run ended, for the scheduler: a skip is neither success nor failure.
    enum RunOutcome: Sendable {
        case finished(CollectorRun.Result)
        case skipped
    }

    private func record(_ job: String, _ outcome: RunOutcome, _ machine: inout SchedulerStateMachine) async {
        let now = self.now()
        guard case .finished(let result) = outcome else {
            machine.skipped(job, now: now, jitter: Double.random(in: 0..<1))
            runtime.metrics.collectorRun(job, result: "skipped", at: Int64(now))
            return
        }
        let completedUntil = machine.finished(job, success: result == .ok, now: now, jitter: Double.random(in: 0..<1))
        if result == .ok, let until = completedUntil {
            try? await runtime.store.setCheckpoint("scheduler.\(job).completed_until", String(Int64(until)), now: Int64(now))
        }
        runtime.metrics.collectorRun(job, result: result == .ok ? "ok" : (result == .partial ? "partial" : "error"), at: Int64(now))
    }

    /// One collector run, with the Zoom lease so it never competes with a running backfill. The sinks
    /// publish what it changed afterwards, on their own service (never under the lease).
    private func runCollector(_ job: String, from: UnixSeconds, to: UnixSeconds) async -> RunOutcome {
        let current = runtime.current
        guard let configured = current.config.collectors[job] else { return .skipped }
        let store = runtime.store
        let started = Runtime.now()
        let logger = runtime.logger
        guard let client = current.client else {
            logger.error("collector cannot run: Zoom credentials are missing", metadata: ["collector": "\(job)"])
            try? await store.recordRun(CollectorRun(collector: job, startedAt: started, finishedAt: started, result: .error, rows: 0, apiCalls: 0, error: "\(ZoomAPIError.missingCredentials)"))
            return .finished(.error)
        }
        guard (try? await ZoomLease(store: store, holder: runtime.holder).tryAcquire(now: started)) == true else {
            let holder = (try? await store.leaseHolder(Self.leaseName, now: started)) ?? nil
            logger.notice("skipping a collector run: another process is using the Zoom API budget", metadata: ["collector": "\(job)", "lease.holder": "\(holder ?? "?")"])
            return .skipped
        }
        let run: CollectorRun
        do {
            let dependencies = CollectorDependencies(
                store: store, client: client, meetings: current.filter, thresholds: current.config.analysis, zoom: current.config.zoom)
            let collector = try StandardPlugins.collectors.make(
                name: job, type: configured.type, section: configured.section, dependencies: dependencies)
            let report = try await collector.collect(CollectionContext(from: from, to: to, now: started, logger: logger))
            run = CollectorRun(collector: job, startedAt: started, finishedAt: Runtime.now(), result: report.result, rows: report.rowsAdded, apiCalls: report.apiCalls, error: report.failures.first)
            if report.rowsAdded > 0 || report.meetingsFetched > 0 { sinks.changed(Set(ExportedTable.allCases)) }
            logger.info("collector run finished", metadata: ["collector": "\(job)", "rows": "\(report.rowsAdded)", "meetings": "\(report.meetingsFetched)", "zoom.api_calls": "\(report.apiCalls)"])
        } catch {
            run = CollectorRun(collector: job, startedAt: started, finishedAt: Runtime.now(), result: .error, rows: 0, apiCalls: 0, error: "\(error)")
            logger.error("collector run failed", metadata: ["collector": "\(job)", "error": "\(error)"])
        }
        try? await store.recordRun(run)
        try? await store.releaseLease(Self.leaseName, holder: runtime.holder)
        return .finished(run.result)
    }

    /// Meetings whose `meeting.ended` asked for a fetch that is due now, if any.
    private func dueTriggeredFetches(now: Double) async -> [String]? {
        let delay = runtime.current.config.zoom.fetchAfterEndSeconds
        guard delay > 0, runtime.current.client != nil,
            let due = try? await runtime.store.dueTriggeredFetches(endedBy: Int64(now) - delay), !due.isEmpty
        else { return nil }
        return due
    }

    /// A triggered fetch: the participants, then the QoS, of just these meetings (no listing), under
    /// the Zoom lease and through the same budget; then the queue forgets them (what failed is left
    /// to the collectors' timers, which cover the same meetings).
    private func runTriggered(_ meetings: [String]) async {
        let current = runtime.current
        let collectors = current.config.collectors.filter {
            $0.value.schedule.enabled && [ParticipantsCollector.type, QualityCollector.type].contains($0.value.type)
        }.sorted { ($0.value.type == ParticipantsCollector.type ? 0 : 1, $0.key) < ($1.value.type == ParticipantsCollector.type ? 0 : 1, $1.key) }
        guard let client = current.client, !collectors.isEmpty else { return }
        let store = runtime.store
        let started = Runtime.now()
        guard (try? await ZoomLease(store: store, holder: runtime.holder).tryAcquire(now: started)) == true else { return }
        let dependencies = CollectorDependencies(
            store: store, client: client, meetings: current.filter, thresholds: current.config.analysis, zoom: current.config.zoom)
        for (name, configured) in collectors {
            do {
                let collector = try StandardPlugins.collectors.make(name: name, type: configured.type, section: configured.section, dependencies: dependencies)
                let report = try await collector.collect(
                    CollectionContext(from: 0, to: started + 1, now: started, logger: runtime.logger, meetings: meetings))
                runtime.logger.info(
                    "triggered fetch finished", metadata: ["collector": "\(name)", "meetings": "\(report.meetingsFetched)", "zoom.api_calls": "\(report.apiCalls)"])
            } catch {
                runtime.logger.warning("triggered fetch failed; the collector's next run retries", metadata: ["collector": "\(name)", "error": "\(error)"])
            }
        }
        try? await store.clearTriggeredFetches(meetings)
        if !runtime.holder.isEmpty { try? await store.releaseLease(Self.leaseName, holder: runtime.holder) }
        sinks.changed(Set(ExportedTable.allCases))
    }

    /// Raw QoS samples older than `[quality] raw_retention_days` go; the summaries stay.
    private func pruneQualitySamples(now: Double) async {
        let days = Int64(runtime.current.config.analysis.quality.rawRetentionDays)
        do {
            let deleted = try await runtime.store.pruneQualitySamples(startedBefore: Int64(now) - days * 86_400, now: Int64(now))
            if deleted > 0 { runtime.logger.info("expired raw QoS samples", metadata: ["qos.samples": "\(deleted)", "qos.retention_days": "\(days)"]) }
        } catch {
            runtime.logger.warning("could not expire raw QoS samples", metadata: ["error": "\(error)"])
        }
    }

    /// Gauges, counters the store cannot recompute, the lease, and systemd's status line.
    private func upkeep(running: Bool) async {
        let metrics = runtime.metrics
        let store = runtime.store
        metrics.storeBytes.set(Double(store.sizeOnDisk()))
        if let client = runtime.current.client {
            metrics.observe(api: client.stats.snapshot())
            for category in RateCategory.allCases { metrics.budget(category, available: await client.budget.available(category)) }
        }
        try? await store.saveCounters(metrics.savedCounters())
        if running { _ = try? await store.acquireLease(Self.leaseName, holder: runtime.holder, now: Runtime.now(), seconds: Self.leaseSeconds) }
        // Cheap queries only: this runs every 15 s for life.
        try? await LiveSummary.publish(runtime)
    }
}
