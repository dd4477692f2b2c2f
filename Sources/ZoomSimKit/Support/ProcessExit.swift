import Foundation

extension Process {
    /// Waits for the exit on a thread of its own. The tests that run zoomsim, zoomdashd and
    /// zoomdashctl as children share the two threads Swift's concurrency runs on here, and one held
    /// through a daemon's shutdown or a backfill would starve every other test.
    public func exited() async {
        nonisolated(unsafe) let process = self
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                process.waitUntilExit()
                continuation.resume()
            }.start()
        }
    }
}
