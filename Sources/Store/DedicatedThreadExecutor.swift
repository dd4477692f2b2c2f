import Foundation
import ZoomDashCore
import ZoomDashPlatform

/// A serial executor that runs its jobs on one thread of its own.
///
/// Actors that make blocking C calls (SQLite waiting on `busy_timeout`) use it so they never park
/// one of the few threads of the Swift concurrency pool (two on these machines).
///
/// Jobs of tasks below medium priority (background work such as live analysis) wait while other jobs
/// do, with a bounded share under sustained load (``PriorityJobQueue``), so a webhook commit rarely
/// queues behind them.
public final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue = PriorityJobQueue<UnownedJob>()
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
        queue.enqueue(unowned, isBackground: isBackground)
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
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty && stopped {
                condition.unlock()
                return
            }
            let next = queue.nextRound()
            condition.unlock()
            for job in next { job.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }
}
