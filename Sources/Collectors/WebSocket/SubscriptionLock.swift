import Foundation

/// An OS file lock (`flock`) per subscription: Zoom keeps only the newest connection of a
/// subscription, so two daemons on one would take it from each other all day and each miss the
/// other's events. Held for the source's life; the kernel drops it if the process dies.
final class SubscriptionLock: Sendable {
    let path: String
    private let descriptor: Int32

    init(directory: String, subscriptionID: String) throws(WebSocketSourceError) {
        let safe = String(subscriptionID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        path = (directory as NSString).appendingPathComponent("zoomdash-websocket-\(safe).lock")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .lockUnavailable(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .subscriptionInUse(path: path)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
