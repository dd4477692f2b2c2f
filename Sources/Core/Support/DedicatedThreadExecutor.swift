import Foundation

/// A serial executor that runs its jobs on one thread of its own.
///
/// Actors that make blocking C calls (SQLite waiting on `busy_timeout`) use it so they never park
/// one of the few threads of the Swift concurrency pool (two on these machines).
///
/// Jobs of tasks below medium priority (background work such as live analysis) run only when no
/// other job is waiting, so a webhook commit never queues behind them.
public final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var backgroundJobs: [UnownedJob] = []
    private var stopped = false

    public init(name: String) {
        let thread = Thread { [self] in
            ThreadName.setCurrent(name)
            self.runLoop()
        }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let isBackground = job.priority.rawValue != 0 && job.priority.rawValue < TaskPriority.medium.rawValue
        let unowned = UnownedJob(job)
        condition.lock()
        if isBackground { backgroundJobs.append(unowned) } else { jobs.append(unowned) }
        condition.signal()
        condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread finish once the queued jobs have run.
    public func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while jobs.isEmpty && backgroundJobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty && backgroundJobs.isEmpty && stopped {
                condition.unlock()
                return
            }
            let next = jobs.isEmpty ? [backgroundJobs.removeFirst()] : jobs
            if !jobs.isEmpty { jobs.removeAll(keepingCapacity: true) }
            condition.unlock()
            for job in next { job.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }
}
