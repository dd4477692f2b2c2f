import Foundation
import Logging
import Synchronization
import Testing
import ZoomDashPlatform

/// `SystemdNotifier` against a real `AF_UNIX` datagram socket, as systemd provides one.
///
/// Serialized because libsystemd reads `NOTIFY_SOCKET`/`WATCHDOG_*` from the process environment,
/// which these tests set (and restore). No other suite touches those variables.
@Suite(.serialized) struct SystemdNotifierTests {
    @Test func readyCarriesStatusAndEveryMessageArrivesAsOneDatagram() throws {
        let socket = try NotifySocket()
        try withEnvironment(["NOTIFY_SOCKET": socket.path]) {
            let notifier = SystemdNotifier()
            notifier.ready(status: "collecting")
            #expect(socket.receive() == "READY=1\nSTATUS=collecting")
            notifier.status("3 collectors ok\nREADY=1")
            #expect(socket.receive() == "STATUS=3 collectors ok READY=1")
            notifier.watchdog()
            #expect(socket.receive() == "WATCHDOG=1")
            notifier.stopping()
            #expect(socket.receive() == "STOPPING=1")
        }
    }

    @Test func reloadingCarriesTheMonotonicClock() throws {
        let socket = try NotifySocket()
        try withEnvironment(["NOTIFY_SOCKET": socket.path]) {
            let before = monotonicMicroseconds()
            SystemdNotifier().reloading()
            let after = monotonicMicroseconds()
            let lines = try #require(socket.receive()).split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first == "RELOADING=1")
            let stamp = try #require(lines.last.flatMap { $0.hasPrefix("MONOTONIC_USEC=") ? UInt64($0.dropFirst(15)) : nil })
            #expect(before <= stamp && stamp <= after)
        }
    }

    @Test func sendsNothingAndKeepsQuietWithoutNotifySocket() throws {
        let socket = try NotifySocket(timeout: .milliseconds(200))
        let log = LogCapture()
        try withEnvironment(["NOTIFY_SOCKET": nil]) {
            let notifier = SystemdNotifier(logger: log.logger)
            notifier.ready(status: "collecting")
            notifier.watchdog()
        }
        #expect(socket.receive() == nil)
        #expect(log.messages.isEmpty)
    }

    @Test func anUnreachableSocketIsLoggedNotThrown() throws {
        let log = LogCapture()
        try withEnvironment(["NOTIFY_SOCKET": "/nonexistent/zoomdash-notify"]) {
            SystemdNotifier(logger: log.logger).watchdog()
        }
        #expect(log.messages == ["warning sd_notify failed"])
    }

    enum WatchdogPID: Sendable { case unset, this, other }

    @Test(
        arguments: [
            ("2000000", WatchdogPID.unset, Duration.seconds(1)),
            ("60000000", .this, .seconds(30)),
            ("2000000", .other, nil),
            (nil, .unset, nil),
            ("soon", .unset, nil),
        ] as [(String?, WatchdogPID, Duration?)])
    func watchdogIntervalIsHalfOfWatchdogUsecForThisProcess(usec: String?, pid: WatchdogPID, expected: Duration?) throws {
        let pidValue: String? =
            switch pid {
            case .unset: nil
            case .this: String(getpid())
            case .other: String(getpid() + 1)
            }
        try withEnvironment(["WATCHDOG_USEC": usec, "WATCHDOG_PID": pidValue]) {
            #expect(SystemdNotifier().watchdogInterval == expected)
        }
    }

    private func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// Sets (or, for nil, unsets) variables for the duration of `body`, then restores them.
    private func withEnvironment(_ values: [String: String?], _ body: () throws -> Void) throws {
        let saved = values.keys.map { ($0, getenv($0).map { String(cString: $0) }) }
        defer {
            for (name, value) in saved {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        for (name, value) in values {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
        try body()
    }
}

/// An `AF_UNIX`/`SOCK_DGRAM` socket bound in a fresh temporary directory, standing in for systemd's
/// notify socket. Used by one test at a time; closed and removed on deinit.
final class NotifySocket {
    let path: String
    private let directory: URL
    private let descriptor: Int32

    init(timeout: Duration = .seconds(2)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("notify").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket path too long: \(path)")
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }

        // A receive timeout turns "nothing was sent" into a nil instead of a hung test.
        let (seconds, attoseconds) = timeout.components
        var interval = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next datagram as text, or nil when none arrives within the timeout.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    deinit {
        close(descriptor)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A `Logger` whose entries are kept as `"<level> <message>"` strings.
final class LogCapture: Sendable {
    private let entries = Mutex<[String]>([])

    var messages: [String] { entries.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(capture: self) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.entries.withLock { $0.append("\(event.level) \(event.message)") }
        }
    }
}
