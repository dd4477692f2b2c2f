
/// When each collector runs: a pure state machine (no clock, no I/O). The daemon's executor feeds it
/// the time and run outcomes and performs the actions it returns.
///
/// Rules: each job runs every `interval` (plus up to `jitter` so collectors don't fire together);
/// never two runs of one job at once; after a failure it retries with exponential backoff (capped at
/// the interval × 8); each run's window reaches back to the end of the last successful window (or
/// `lookback`, whichever is earlier), so a daemon that was down for a day fills that day in.
public struct SchedulerStateMachine: Sendable {
    public struct JobSpec: Sendable, Hashable {
        public var name: String
        public var intervalSeconds: Double
        public var lookbackSeconds: Double
        public var jitterSeconds: Double
        /// The longest window one run may catch up; older gaps are left to `zoomdashctl backfill`.
        public var maxCatchUpSeconds: Double

        public init(name: String, intervalSeconds: Double, lookbackSeconds: Double, jitterSeconds: Double = 0,
                    maxCatchUpSeconds: Double = 7 * 86_400) {
            self.name = name
            self.intervalSeconds = intervalSeconds
            self.lookbackSeconds = lookbackSeconds
            self.jitterSeconds = jitterSeconds
            self.maxCatchUpSeconds = maxCatchUpSeconds
        }
    }

    public enum Action: Sendable, Hashable {
        /// Start a run of `job` for meetings that started in `[from, to)` (Unix seconds).
        case run(job: String, from: Double, to: Double)
    }

    struct Job: Sendable {
        var spec: JobSpec
        var nextRunAt: Double
        var running: (from: Double, to: Double)?
        var consecutiveFailures = 0
        /// End of the last window that completed successfully.
        var completedUntil: Double?
        /// Dropped from the configuration while running: removed once its run finishes.
        var retired = false
    }

    private var jobs: [String: Job] = [:]
    private var order: [String] = []
    private var stopping = false

    public init() {}

    /// Adds a job. `completedUntil` comes from the store, so catch-up survives restarts.
    /// The first run starts at `now` plus a share of the jitter.
    public mutating func add(_ spec: JobSpec, completedUntil: Double?, now: Double, jitter: Double) {
        jobs[spec.name] = Job(spec: spec, nextRunAt: now + spec.jitterSeconds * jitter, completedUntil: completedUntil)
        if !order.contains(spec.name) { order.append(spec.name) }
    }

    /// Applies a reloaded configuration (SIGHUP) without forcing runs: new jobs start as with
    /// ``add(_:completedUntil:now:jitter:)``; jobs no longer configured are not scheduled again (a run
    /// in flight finishes first); changed jobs keep their state (a failure's backoff too), a shorter
    /// interval brings their next run forward to at most that interval from `now`, and the new interval
    /// applies from then on.
    /// - Parameter completedUntil: from the store, for jobs new to this machine.
    /// - Parameter jitter: a random number in `0..<1`, drawn per job so collectors do not fire together.
    public mutating func reconfigure(
        _ specs: [JobSpec], completedUntil: [String: Double], now: Double, jitter: () -> Double
    ) {
        let names = Set(specs.map(\.name))
        for name in order where !names.contains(name) {
            if jobs[name]?.running != nil { jobs[name]?.retired = true } else { remove(name) }
        }
        for spec in specs {
            guard var job = jobs[spec.name] else {
                add(spec, completedUntil: completedUntil[spec.name], now: now, jitter: jitter())
                continue
            }
            // Only a shorter interval moves the next run: a reload must not cut a failure's backoff short.
            let shorter = spec.intervalSeconds < job.spec.intervalSeconds
            job.spec = spec
            job.retired = false
            if job.running == nil && shorter {
                job.nextRunAt = min(job.nextRunAt, now + spec.intervalSeconds + spec.jitterSeconds * jitter())
            }
            jobs[spec.name] = job
        }
    }

    private mutating func remove(_ name: String) {
        jobs[name] = nil
        order.removeAll { $0 == name }
    }

    /// The runs due at `now`. A job already running is skipped (no overlap).
    public mutating func due(now: Double) -> [Action] {
        guard !stopping else { return [] }
        var actions: [Action] = []
        for name in order {
            guard var job = jobs[name], job.running == nil, job.nextRunAt <= now else { continue }
            let lookbackStart = now - job.spec.lookbackSeconds
            let catchUpStart = job.completedUntil.map { max($0, now - job.spec.maxCatchUpSeconds) } ?? lookbackStart
            let from = min(lookbackStart, catchUpStart)
            job.running = (from, now)
            jobs[name] = job
            actions.append(.run(job: name, from: from, to: now))
        }
        return actions
    }

    /// Records the end of a run and schedules the next one.
    /// - Parameter jitter: a random number in `0..<1`.
    /// - Returns: the end of the job's completed windows after this run, to keep in the store (also
    ///   for a job dropped from the configuration meanwhile, which is then removed).
    @discardableResult
    public mutating func finished(_ name: String, success: Bool, now: Double, jitter: Double) -> Double? {
        guard var job = jobs[name], let window = job.running else { return nil }
        job.running = nil
        if success {
            job.consecutiveFailures = 0
            job.completedUntil = max(job.completedUntil ?? window.to, window.to)
            job.nextRunAt = now + job.spec.intervalSeconds + job.spec.jitterSeconds * jitter
        } else {
            job.consecutiveFailures += 1
            let backoff = min(job.spec.intervalSeconds * 8, 30 * pow2(job.consecutiveFailures - 1))
            job.nextRunAt = now + backoff / 2 + backoff / 2 * jitter
        }
        if job.retired {
            remove(name)
        } else {
            jobs[name] = job
        }
        return job.completedUntil
    }

    /// A run that did not start because another process holds the Zoom budget (a backfill): no
    /// failure and no backoff, nothing completed; the job tries again after its interval, for the
    /// same window and more.
    public mutating func skipped(_ name: String, now: Double, jitter: Double) {
        guard var job = jobs[name], job.running != nil else { return }
        job.running = nil
        job.nextRunAt = now + job.spec.intervalSeconds + job.spec.jitterSeconds * jitter
        if job.retired { remove(name) } else { jobs[name] = job }
    }

    /// When the executor should next call ``due(now:)``; `nil` when nothing is scheduled.
    public func nextWakeup() -> Double? {
        guard !stopping else { return nil }
        return jobs.values.filter { $0.running == nil }.map(\.nextRunAt).min()
    }

    /// Graceful shutdown: no new runs start; runs in flight may finish.
    public mutating func stop() { stopping = true }

    public var runningJobs: [String] { order.filter { jobs[$0]?.running != nil } }

    public func completedUntil(_ name: String) -> Double? { jobs[name]?.completedUntil }

    public func consecutiveFailures(_ name: String) -> Int { jobs[name]?.consecutiveFailures ?? 0 }

    private func pow2(_ exponent: Int) -> Double { Double(1 << min(max(exponent, 0), 30)) }
}
