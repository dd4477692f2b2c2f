import Foundation
import ZoomDashPlatform

/// A few threads of our own for blocking C calls (libcurl's `curl_easy_perform`), so they never park a
/// thread of the Swift concurrency pool. Each worker keeps a per-thread state (`State`), which lets
/// a worker reuse its curl handle and with it the open connection.
final class BlockingWorkerPool<State>: @unchecked Sendable {
    private typealias Job = (inout State) -> Void
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var stopped = false

    init(threads: Int, name: String, makeState: @escaping @Sendable () -> State) {
        for index in 0..<threads {
            let thread = Thread { [self] in
                ThreadName.setCurrent("\(name)-\(index)")
                var state = makeState()
                self.work(&state)
            }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Runs `body` on a worker thread and returns its result to the awaiting task.
    func run<T: Sendable>(_ body: @escaping @Sendable (inout State) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            let accepted = !stopped
            if accepted {
                jobs.append { state in continuation.resume(with: Result { try body(&state) }) }
                condition.signal()
            }
            condition.unlock()
            if !accepted { continuation.resume(throwing: CancellationError()) }
        }
    }

    /// The workers finish the jobs already queued, then end (dropping their state); later jobs are
    /// refused with `CancellationError`.
    func shutdown() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func work(_ state: inout State) {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job(&state)
        }
    }
}
