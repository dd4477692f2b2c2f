import Foundation

/// CPU time of whole process trees (nginx's master and workers, php-fpm's pool), read from /proc:
/// a receiver's cost is every process it runs, not only the one the bench started.
enum ProcessTree {
    /// User plus system seconds of `roots` and all their descendants alive now.
    static func cpuSeconds(roots: [Int32]) -> Double {
        var parent: [Int32: Int32] = [:]
        var seconds: [Int32: Double] = [:]
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let afterName = stat.lastIndex(of: ")")
            else { continue }
            // After the name: state (3), ppid (4), …, utime (14), stime (15).
            let fields = stat[stat.index(after: afterName)...].split(separator: " ")
            guard fields.count > 12, let ppid = Int32(fields[1]), let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            parent[pid] = ppid
            seconds[pid] = (user + system) / ticks
        }
        let wanted = Set(roots)
        return seconds.reduce(0) { total, entry in
            var pid = entry.key
            while pid > 1 {
                if wanted.contains(pid) { return total + entry.value }
                guard let next = parent[pid] else { break }
                pid = next
            }
            return total
        }
    }

    /// A loopback port nobody listens on now (the kernel's pick; the receiver binds it next).
    static func freePort() throws -> UInt16 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw BenchError("no free loopback port") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Waits until something accepts connections on the port.
    static func waitForListener(port: UInt16, name: String, seconds: Double = 15) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = loopback(port: port)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(socket)
            if connected == 0 { return }
            usleep(50_000)
        }
        throw BenchError("\(name) did not listen on 127.0.0.1:\(port) within \(Int(seconds)) s")
    }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
