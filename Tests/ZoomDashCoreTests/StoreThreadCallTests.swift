import Synchronization
import Testing
import ZoomDashCore
import ZoomDashStorage

/// Plain calls on the store's thread (the webhook path's commits): isolated to the store, in order,
/// and behind the foreground work already waiting.
@Suite(.timeLimit(.minutes(5))) struct StoreThreadCallTests {
    final class Seen<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
    }

    @Test func callsRunIsolatedToTheStoreInTheOrderTheyWereSubmitted() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let order = Seen<[Int]>([])
        let backlogs = Seen<[Int]>([])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            for index in 0..<200 {
                store.onStoreThread { store in
                    // A synchronous isolated method: reachable only because the call is isolated.
                    backlogs.value.withLock { $0.append((try? store.analysisBacklog().meetings) ?? -1) }
                    order.value.withLock { $0.append(index) }
                    if index == 199 { done.resume() }
                }
            }
        }
        #expect(order.value.withLock { $0 } == Array(0..<200))
        #expect(backlogs.value.withLock { $0 } == Array(repeating: 0, count: 200))
    }

    @Test func callsAndTheStoresAsyncWorkInterleaveWithoutLosingEither() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        let calls = Seen(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<50 { _ = try await store.analysisBacklog() }
                }
            }
            group.addTask {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    for index in 0..<100 {
                        store.onStoreThread { _ in
                            calls.value.withLock { $0 += 1 }
                            if index == 99 { done.resume() }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(calls.value.withLock { $0 } == 100)
    }
}
