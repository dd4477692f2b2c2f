/// Tests' waits on a fake chat receiver: each a condition on what has arrived, resumed by the request
/// after which it holds, so a test waits as long as the daemon takes and no longer (no polling).
struct ChatWaiters: Sendable {
    typealias Condition = @Sendable (_ messages: [ReceivedChatMessage], _ requests: Int) -> Bool
    private var waiting: [Int: (condition: Condition, continuation: CheckedContinuation<Void, any Error>)] = [:]
    /// Waits given an id but not added yet, and whether their task's cancellation came first.
    private var announced: [Int: Bool] = [:]
    private var lastID = 0

    mutating func newID() -> Int {
        lastID += 1
        announced[lastID] = false
        return lastID
    }

    /// Resumes at once when `condition` holds already, or when the wait was cancelled before it got here.
    mutating func add(
        _ id: Int, _ condition: @escaping Condition, _ continuation: CheckedContinuation<Void, any Error>,
        messages: [ReceivedChatMessage], requests: Int
    ) {
        if announced.removeValue(forKey: id) == true {
            continuation.resume(throwing: CancellationError())
        } else if condition(messages, requests) {
            continuation.resume()
        } else {
            waiting[id] = (condition, continuation)
        }
    }

    mutating func cancel(_ id: Int) {
        if let waiter = waiting.removeValue(forKey: id) {
            waiter.continuation.resume(throwing: CancellationError())
        } else if announced[id] != nil {
            announced[id] = true
        }
    }

    mutating func resumeSatisfied(messages: [ReceivedChatMessage], requests: Int) {
        for (id, waiter) in waiting where waiter.condition(messages, requests) {
            waiting[id] = nil
            waiter.continuation.resume()
        }
    }
}
