import Synchronization

/// A lock-protected value shared by a fake's public object and its responder (a `Mutex` cannot
/// be copied into the responder, and the fakes' inspection API is synchronous, so not an actor).
final class SharedState<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result: Sendable, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        try mutex.withLock { (value: inout Value) throws(Failure) -> Result in try body(&value) }
    }
}
