import Synchronization

/// A clock for tests of executors that run several tasks: time moves only when the test calls
/// ``advance(to:)``, which wakes the sleepers that are due; ``sleeper(at:)`` waits until the code
/// under test has asked to sleep until a given moment (its timer is set), so a test steps through
/// the executor's schedule without real sleeps or races.
final class SteppingClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        let id: Int
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        let id: Int
        let deadline: Instant
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var cancelled: Set<Int> = []
        var watchers: [Watcher] = []
        var nextID = 0
        /// Every deadline ever asked for, in order.
        var asked: [Duration] = []
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }
    var asked: [Duration] { state.withLock { $0.asked } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (resume, failure, watchers): (Bool, Bool, [Watcher]) = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return (false, true, []) }
                    state.asked.append(deadline.offset)
                    if deadline <= state.now { return (true, false, []) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    let due = state.watchers.filter { $0.deadline == deadline }
                    state.watchers.removeAll { $0.deadline == deadline }
                    return (false, false, due)
                }
                if failure { continuation.resume(throwing: CancellationError()) }
                if resume { continuation.resume() }
                for watcher in watchers { watcher.continuation.resume() }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time to `offset` from the start and wakes every sleeper due by then, earliest first.
    func advance(to offset: Duration) {
        let due: [Sleeper] = state.withLock { state in
            state.now = Instant(offset: max(offset, state.now.offset))
            let due = state.sleepers.filter { $0.deadline <= state.now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= state.now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Returns once something sleeps until `offset` from the start (at once if it already does), or
    /// when the test is cancelled (its time limit): a watch that never ends would keep the whole run from ending.
    func sleeper(at offset: Duration) async {
        let deadline = Instant(offset: offset)
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resume = state.withLock { state in
                    if state.cancelled.remove(id) != nil || state.sleepers.contains(where: { $0.deadline == deadline }) { return true }
                    state.watchers.append(Watcher(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if resume { continuation.resume() }
            }
        } onCancel: {
            let watcher: Watcher? = state.withLock { state in
                guard let index = state.watchers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.watchers.remove(at: index)
            }
            watcher?.continuation.resume()
        }
    }
}
