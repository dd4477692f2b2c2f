import Synchronization
import Testing

@testable import ZoomDashHTTPClient

@Suite(.timeLimit(.minutes(5)))
struct BlockingWorkerPoolTests {
    /// Counts released worker states and wakes a waiter once all of them are gone.
    final class Releases: Sendable {
        private let state = Mutex<(count: Int, waiter: CheckedContinuation<Void, Never>?)>((0, nil))
        let expected: Int
        init(expected: Int) { self.expected = expected }

        func released() {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.count += 1
                guard state.count == expected else { return nil }
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        func all() async {
            await withCheckedContinuation { continuation in
                let done = state.withLock { state in
                    if state.count < expected { state.waiter = continuation }
                    return state.count >= expected
                }
                if done { continuation.resume() }
            }
        }
    }

    /// A worker's state; tells `Releases` when its thread lets it go.
    final class Worker: Sendable {
        let releases: Releases
        init(_ releases: Releases) { self.releases = releases }
        deinit { releases.released() }
    }

    @Test func shutdownFinishesQueuedWorkReleasesEveryWorkerAndRefusesNewJobs() async throws {
        let releases = Releases(expected: 3)
        let pool = BlockingWorkerPool(threads: 3, name: "zd-test") { Worker(releases) }
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 { group.addTask { try await pool.run { _ in index * 2 } } }
            return try await group.reduce(0, +)
        }
        #expect(results == 30)
        pool.shutdown()
        await #expect(throws: CancellationError.self) { try await pool.run { _ in 1 } }
        await releases.all()  // every worker thread ended and let its state go (else the time limit fails the test)
    }
}
