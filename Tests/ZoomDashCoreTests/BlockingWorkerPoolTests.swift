import Foundation
import Synchronization
import Testing

@testable import ZoomDashCore

@Suite struct BlockingWorkerPoolTests {
    /// A worker's state; counts how many were released.
    final class Worker: Sendable {
        let released: Arc
        init(_ released: Arc) { self.released = released }
        deinit { released.count.add(1, ordering: .relaxed) }
    }

    final class Arc: Sendable {
        let count = Atomic<Int>(0)
    }

    @Test func shutdownFinishesQueuedWorkReleasesEveryWorkerAndRefusesNewJobs() async throws {
        let released = Arc()
        let pool = BlockingWorkerPool(threads: 3, name: "zd-test") { Worker(released) }
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 { group.addTask { try await pool.run { _ in index * 2 } } }
            return try await group.reduce(0, +)
        }
        #expect(results == 30)
        pool.shutdown()
        await #expect(throws: CancellationError.self) { try await pool.run { _ in 1 } }
        // The threads end on their own after shutdown; wait for them, without a fixed sleep as the goal.
        for _ in 0..<500 where released.count.load(ordering: .relaxed) < 3 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(released.count.load(ordering: .relaxed) == 3, "every worker thread ended and let its state go")
    }
}
