import Foundation
import Synchronization

/// A systemd notification socket for tests: an AF_UNIX datagram socket in a temporary directory whose
/// messages (READY=1, WATCHDOG=1, STATUS=…) arrive as an async stream, read on a thread of its own.
final class NotifySocket: Sendable {
    let path: String
    let messages: AsyncStream<String>
    private let descriptor: Int32

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("zd-notify-\(UUID().uuidString.prefix(8))").path
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let socketPath = path
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.enumerated() where index < buffer.count - 1 { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        messages = stream
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count <= 0 { break }
                continuation.yield(String(decoding: buffer[0..<count], as: UTF8.self))
            }
            continuation.finish()
        }
        thread.start()
    }

    deinit {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
        unlink(path)
    }
}

extension AsyncStream<String>.Iterator {
    /// The next message containing `text`, skipping others.
    mutating func next(containing text: String) async -> String? {
        await next { $0.contains(text) }
    }

    /// The next message that satisfies `condition`, skipping others.
    mutating func next(where condition: (String) -> Bool) async -> String? {
        while let message = await next() {
            if condition(message) { return message }
        }
        return nil
    }
}
