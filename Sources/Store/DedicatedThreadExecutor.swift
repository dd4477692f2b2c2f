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
///
/// Besides tasks' jobs it runs plain calls (``submit(_:)``), in the same foreground order: the webhook
/// path hands its commits over so, from the event loop, without a task or a continuation, which would
/// each wake a thread of the concurrency pool only to hop here (~9 µs an event at 2,000 events/s).
/// While one runs, the thread counts as the executor's (``checkIsolated()``), so a call may use
/// `assumeIsolated` on an actor of this executor.
public final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case call(@Sendable () -> Void)
    }

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue = PriorityJobQueue<Work>()
    private var stopped = false
    /// The executor's thread, set before it takes its first job.
    private var thread: pthread_t?

    public init(name: String) {
        let thread = Thread { [self] in
            ThreadName.setCurrent(name)
            condition.lock()
            self.thread = pthread_self()
            condition.unlock()
            self.runLoop()
        }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let isBackground = job.priority.rawValue != 0 && job.priority.rawValue < TaskPriority.medium.rawValue
        append(.job(UnownedJob(job)), isBackground: isBackground)
    }

    /// Runs `call` on the executor's thread, after the foreground work already waiting. It must not
    /// block on anything but the store's own calls: the executor's other jobs wait for it.
    public func submit(_ call: @escaping @Sendable () -> Void) {
        append(.call(call), isBackground: false)
    }

    private func append(_ work: Work, isBackground: Bool) {
        condition.lock()
        queue.enqueue(work, isBackground: isBackground)
        condition.signal()
        condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Only this executor's thread runs its work, one piece at a time: on that thread, the caller is
    /// isolated to it (the runtime asks when a plain call uses `assumeIsolated`).
    public func checkIsolated() {
        condition.lock()
        let own = thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        condition.unlock()
        precondition(own, "not on the store's thread")
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
            for work in next {
                switch work {
                case .job(let job): job.runSynchronously(on: asUnownedSerialExecutor())
                case .call(let call): call()
                }
            }
        }
    }
}
