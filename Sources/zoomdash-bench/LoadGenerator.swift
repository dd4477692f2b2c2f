import Dispatch
import Foundation

/// An HTTP/1.1 keep-alive load generator on one thread and `poll`: it shares the two cores with the
/// daemon it measures, so it must cost as little CPU and as few context switches as possible (32
/// blocking client threads took half a core and woke once per response).
///
/// Each connection has at most one request in flight (no pipelining, as Zoom sends). Closed loop:
/// a connection sends its next request as soon as the answer arrives. Open loop (`ratePerSecond`):
/// request *k* of a connection is due at `k / (rate / connections)` seconds, and its latency counts
/// from that due time, so a stalled server cannot hide its stall (no coordinated omission).
struct LoadGenerator {
    struct Result {
        var requests = 0
        var failures = 0
        var seconds = 0.0
        /// Seconds, open loop only.
        var latencies: [Double] = []

        var rate: Double { seconds > 0 ? Double(requests) / seconds : 0 }

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
    }

    var port: UInt16
    var connections: Int
    /// Stops sending after this long; nil: until `next` returns nil.
    var seconds: Double?
    /// nil: closed loop.
    var ratePerSecond: Double?

    func run(next: () -> [UInt8]?) throws -> Result {
        var peers = try (0..<connections).map { _ in try Peer(port: port) }
        defer { for peer in peers { close(peer.socket) } }
        var watched = peers.map { pollfd(fd: $0.socket, events: Int16(POLLIN), revents: 0) }
        let start = Self.now()
        let deadline = seconds.map { start + $0 }
        let interval = ratePerSecond.map { Double(connections) / $0 }
        var result = Result()
        var exhausted = false
        var inFlight = 0
        var buffer = [UInt8](repeating: 0, count: 65_536)

        func sendIfDue(_ index: Int, now: Double) throws {
            guard !peers[index].busy, !exhausted, deadline.map({ now < $0 }) ?? true else { return }
            let due = interval.map { start + Double(peers[index].sent) * $0 } ?? now
            guard due <= now else { return }
            guard let request = next() else {
                exhausted = true
                return
            }
            try peers[index].send(request, due: due)
            inFlight += 1
        }

        for index in peers.indices { try sendIfDue(index, now: start) }
        while inFlight > 0 || (!exhausted && deadline.map { Self.now() < $0 } ?? true) {
            let now = Self.now()
            let nextDue = interval.map { step in peers.filter { !$0.busy }.map { start + Double($0.sent) * step }.min() ?? now + step }
            let timeout = nextDue.map { max(0, Int32((($0 - now) * 1000).rounded(.up))) } ?? 100
            let ready = poll(&watched, nfds_t(watched.count), min(timeout, 100))
            guard ready >= 0 || errno == EINTR else { throw BenchError("poll failed") }
            let received = Self.now()
            for index in watched.indices where watched[index].revents != 0 {
                guard let status = try peers[index].receive(into: &buffer) else { continue }
                inFlight -= 1
                result.requests += 1
                if status != 200 { result.failures += 1 }
                if interval != nil { result.latencies.append(received - peers[index].due) }
            }
            for index in peers.indices { try sendIfDue(index, now: Self.now()) }
        }
        result.seconds = Self.now() - start
        return result
    }

    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }
}

/// One keep-alive connection and the answer being read on it.
private struct Peer {
    let socket: Int32
    var busy = false
    var sent = 0
    var due = 0.0
    var answer: [UInt8] = []

    init(port: UInt16) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchError("cannot connect to 127.0.0.1:\(port)") }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Writes the whole request (blocking: it fits the socket buffer).
    mutating func send(_ request: [UInt8], due: Double) throws {
        var offset = 0
        while offset < request.count {
            let count = request[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw BenchError("send failed: the daemon closed the connection") }
            offset += count
        }
        busy = true
        sent += 1
        self.due = due
        answer.removeAll(keepingCapacity: true)
    }

    /// Reads what is available; the status code once the answer is complete, else nil.
    mutating func receive(into buffer: inout [UInt8]) throws -> Int? {
        let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count < 0 && (errno == EAGAIN || errno == EINTR) { return nil }
        guard count > 0 else { throw BenchError("the daemon closed the connection") }
        answer += buffer[0..<count]
        guard let (status, complete) = HTTPAnswer.parse(answer), complete else { return nil }
        busy = false
        return status
    }
}

/// Just enough HTTP/1.1 response parsing for the generator, on the bytes (it runs once per answer
/// on the cores the daemon needs): status code and Content-Length framing.
enum HTTPAnswer {
    /// (status, whether the whole body has arrived), or nil while the head is incomplete.
    static func parse(_ bytes: [UInt8]) -> (Int, Bool)? {
        guard let end = headEnd(bytes), end >= 12 else { return nil }
        // "HTTP/1.1 200 …": the status is the three digits after the first space.
        let status = bytes[9..<12].reduce(0) { $0 * 10 + Int($1 &- UInt8(ascii: "0")) }
        var length = 0
        var lineStart = 0
        for index in 0..<end where bytes[index] == 10 {
            lineStart = index + 1
            if let value = contentLength(bytes, from: lineStart, to: end) { length = value }
        }
        return (status, bytes.count >= end + 4 + length)
    }

    private static let name = Array("content-length:".utf8)

    private static func contentLength(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        guard start + name.count <= end else { return nil }
        for offset in 0..<name.count where bytes[start + offset] | 0x20 != name[offset] | 0x20 { return nil }
        var value = 0
        for byte in bytes[(start + name.count)..<end] {
            if byte == 13 { break }
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
        }
        return value
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 {
            if bytes[index + 3] == 10 { return index }
        }
        return nil
    }
}
