import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import ZoomSimKit

/// Webhook ingest of the real zoomdashd (release build, own process) side by side with two peers of
/// ours (bench/peers: nginx + php-fpm, the predecessor's design; one uvicorn + uvloop process), all
/// driven by the same generator with the same pre-signed events, three interleaved rounds: sustained
/// signed events per second with durable acknowledgements (32 connections flat out), p99 latency and
/// CPU per event (every process of the receiver) at 2,000 events/s open loop on a fresh receiver filled
/// with the same 60,000 events first, store bytes per event,
/// and every acknowledged event found in the store. Then the daemon's resident memory and its
/// write-ahead log after an hour-equivalent of events for a large school.
enum WebhookBench {
    static let secret = "bench-webhook-secret"
    /// `ZOOMDASH_BENCH_WEBHOOK_ROUNDS` and `ZOOMDASH_BENCH_WEBHOOK_RECEIVERS` (e.g. `zoomdashd`) narrow
    /// a run down for profiling; the comparison needs all three.
    static let rounds = Int(ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_WEBHOOK_ROUNDS"] ?? "") ?? 3
    static let only = ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_WEBHOOK_RECEIVERS"].map { Set($0.split(separator: ",").map(String.init)) }

    static func run() async throws {
        let virtualenv = try Peers.install()
        let receivers: [(String, () throws -> any WebhookReceiver)] = [
            ("zoomdashd", { try DaemonUnderTest(secret: secret) }),
            ("php", { try PHPReceiver(secret: secret) }),
            ("python", { try PythonReceiver(secret: secret, virtualenv: virtualenv) }),
        ].filter { only?.contains($0.0) ?? true }
        var runs: [String: [WebhookRun]] = [:]
        for round in 0..<rounds {
            // Signed anew each round (the signatures are valid for 5 minutes); bodies are built and
            // signed before any clock starts, so the generator spends its share of the cores on sockets.
            let events = EventSource(meetings: 1000, participantsPerMeeting: 30, presigned: 260_000, secret: secret)
            // A different receiver goes first each round: none always gets the calmest page cache.
            for offset in 0..<receivers.count {
                let (name, start) = receivers[(round + offset) % receivers.count]
                let run = try WebhookRun.measure(start, events: events)
                run.reportRound(round + 1)
                runs[name, default: []].append(run)
                guard run.stored.events >= run.acknowledged else {
                    throw BenchError("\(name) acknowledged \(run.acknowledged) events but stored \(run.stored.events)")
                }
            }
        }
        guard let ours = runs["zoomdashd"], let php = runs["php"], let python = runs["python"] else { return }
        WebhookRun.compare(zoomdashd: ours, php: php, python: python)
        try hourEquivalent()
    }

    /// An hour of a large school: 1,000 concurrent classes × 30 students × 4 join/leave events.
    private static func hourEquivalent() throws {
        let daemon = try DaemonUnderTest(secret: secret)
        defer { daemon.stop() }
        let events = EventSource(meetings: 1000, participantsPerMeeting: 30, presigned: 120_000, secret: secret)
        // The write-ahead log must start over even while commits never pause (a flood).
        let walPath = daemon.walPath
        let walWatch = PeakSampler { DaemonUnderTest.fileMiB(walPath) }
        let flood = try LoadGenerator(port: daemon.port, connections: 32).run { events.next() }
        let walPeak = walWatch.stop()
        report("webhook_hour", [
            ("events", "\(flood.requests)"), ("non_2xx", "\(flood.failures)"), ("events_per_s", format(flood.rate, 0)),
            ("daemon_rss_mib_after_hour_equivalent", format(daemon.residentMiB(), 1)), ("wal_mib_peak", format(walPeak, 1)),
        ])
    }
}

/// Distinct, realistic webhook bodies: joins and network drops across many concurrent meetings.
final class EventSource: Sendable {
    private let counter = Mutex(0)
    private let requests: [[UInt8]]
    private let meetings: Int
    private let participants: Int
    /// Zoom sends a webhook seconds after what it reports: the events are dated in the ten minutes
    /// before the run (their ~9 minutes of rounds end before it starts). Until 2026-12-02 they were
    /// two hours old, so every open session reached back over 9 quarter hours the analysis rewrote.
    private let base = Int64(Date().timeIntervalSince1970) - 600
    private let meetingStart: String

    init(meetings: Int, participantsPerMeeting: Int, presigned count: Int, secret: String) {
        self.meetings = meetings
        participants = participantsPerMeeting
        let base = self.base
        let meetingStart = UTCTime.iso8601(epochSeconds: Int(base - 600))
        self.meetingStart = meetingStart
        let signer = WebhookSigner(secret: secret)
        let timestamp = String(Int(Date().timeIntervalSince1970))
        requests = (1...count).map { index in
            let body = Self.body(index: index, meetings: meetings, participants: participantsPerMeeting, base: base, meetingStart: meetingStart)
            let head = "POST /zoom/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                + "x-zm-request-timestamp: \(timestamp)\r\nx-zm-signature: \(signer.signature(timestamp: timestamp, body: body))\r\n\r\n"
            return Array((head + body).utf8)
        }
    }

    var sent: Int { counter.withLock { $0 } }

    /// Starts the supply over, for the next receiver of a round (each gets the same events).
    func rewind() { counter.withLock { $0 = 0 } }

    /// The next pre-signed request, or nil when `limit` (or the supply) is used up.
    func next(limit: Int? = nil) -> [UInt8]? {
        let index = counter.withLock { value -> Int? in
            if let limit, value >= limit { return nil }
            guard value < requests.count else { return nil }
            value += 1
            return value
        }
        return index.map { requests[$0 - 1] }
    }

    static func body(index: Int, meetings: Int, participants: Int, base: Int64, meetingStart: String) -> String {
        let meeting = index % meetings
        let person = (index / meetings) % participants
        let round = index / (meetings * participants)
        let isJoin = round % 2 == 0
        let time = base + Int64(round * 60 + person)
        let iso = UTCTime.iso8601(epochSeconds: Int(time))
        let kind = isJoin ? "meeting.participant_joined" : "meeting.participant_left"
        let timeField = isJoin ? "join_time" : "leave_time"
        let reason = isJoin ? "" : #","leave_reason":"left the meeting. Reason : Network connection error. ""#
        return #"{"event":"\#(kind)","event_ts":\#(time * 1000),"payload":{"account_id":"A","object":{"uuid":"bench\#(meeting)+uuid==","id":"\#(80_000_000_000 + meeting)","type":8,"topic":"Class \#(meeting)","host_id":"H","start_time":"\#(meetingStart)","participant":{"user_id":"\#(index)","user_name":"Student \#(person)","id":"","participant_uuid":"P-\#(meeting)-\#(person)","email":"","\#(timeField)":"\#(iso)"\#(reason)}}}}"#
    }
}

/// zoomdashd (the sibling release binary) on a free loopback port with a temporary store.
final class DaemonUnderTest {
    let process = Process()
    let port: UInt16
    let directory: URL

    init(secret: String) throws {
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zoomdash-bench-daemon-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            [store]
            path = "\(directory.path)/zoomdash.sqlite"
            [http]
            listen = "127.0.0.1:0"
            [dashboard]
            listen = "127.0.0.1:0"
            [webhook]
            secret_token = "\(secret)"
            [export]
            directory = "\(directory.path)/export"
            [collectors.participants]
            enabled = false
            [collectors.qos]
            enabled = false
            \(ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_EXTRA"] ?? "")
            """
        try config.write(to: directory.appendingPathComponent("zoomdash.toml"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("zoomdashd")
        process.arguments = ["--config", directory.appendingPathComponent("zoomdash.toml").path]
        // As systemd/zoomdashd.service runs it.
        process.environment = ProcessInfo.processInfo.environment.merging(["MALLOC_ARENA_MAX": "2"]) { $1 }
        let log = Pipe()
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("http.address=") {
            let chunk = log.fileHandleForReading.availableData
            if chunk.isEmpty { throw BenchError("zoomdashd did not start: \(text)") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let address = text.components(separatedBy: "http.address=")[1].prefix { $0 != " " && $0 != "\n" }
        guard let port = UInt16(address.split(separator: ":").last ?? "") else { throw BenchError("no port in \(address)") }
        self.port = port
        // Keep draining the daemon's log so it never blocks on a full pipe, into a file that outlives
        // the store's directory: what went wrong in a run can be read afterwards.
        FileManager.default.createFile(atPath: Self.logPath, contents: Data(text.utf8))
        let copy = FileHandle(forWritingAtPath: Self.logPath)
        _ = try? copy?.seekToEnd()
        let drain = Thread {
            while case let chunk = log.fileHandleForReading.availableData, !chunk.isEmpty { copy?.write(chunk) }
            try? copy?.close()
        }
        drain.start()
    }

    /// The log of the daemon started last (each start overwrites it).
    static let logPath = NSTemporaryDirectory() + "zoomdash-bench-zoomdashd.log"

    /// The log's errors, reported once the daemon has stopped: a figure from a run whose daemon logged
    /// errors is worth a look before it is quoted.
    func reportLog() {
        let text = (try? String(contentsOfFile: Self.logPath, encoding: .utf8)) ?? ""
        let problems = text.split(separator: "\n").filter { $0.contains(" error ") || $0.contains(" critical ") }
        report("webhook_daemon_log", [("path", Self.logPath), ("errors", "\(problems.count)")]
            + (problems.first.map { [("first", "\"\($0.prefix(300))\"")] } ?? []))
    }

    func cpuSeconds() -> Double { Machine.cpuSeconds(pid: process.processIdentifier) }

    func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    var walPath: String { directory.appendingPathComponent("zoomdash.sqlite-wal").path }

    static func fileMiB(_ path: String) -> Double {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return Double((attributes?[.size] as? NSNumber)?.int64Value ?? 0) / 1_048_576
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        reportLog()
        try? FileManager.default.removeItem(at: directory)
    }
}

extension DaemonUnderTest: WebhookReceiver {
    var name: String { "zoomdashd" }

    /// Meetings the live analysis has still to analyse, as the store marks them in the events'
    /// own transactions (a pass may be minutes away under load, so a quiet CPU does not tell).
    func owesDeferredWork() -> Bool {
        let path = directory.appendingPathComponent("zoomdash.sqlite").path
        let due = try? StoreFigures.sqlite(path, "SELECT count(*) FROM analysis_due;").trimmingCharacters(in: .whitespacesAndNewlines)
        return (due.flatMap { Int($0) } ?? 0) > 0
    }

    /// `zoomdash_live_analysis_seconds_total` and `_meetings_total` from the daemon's `/metrics`.
    func deferredWork() -> DeferredWork? {
        guard let text = Self.get("http://127.0.0.1:\(port)/metrics") else { return nil }
        func value(_ name: String) -> Double? {
            let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            return line.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        guard let seconds = value("zoomdash_live_analysis_seconds_total"), let meetings = value("zoomdash_live_analysis_meetings_total") else {
            return nil
        }
        return DeferredWork(seconds: seconds, meetings: meetings)
    }

    static func get(_ url: String) -> String? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body: String?
        URLSession.shared.dataTask(with: URL(string: url)!) { data, _, _ in
            body = data.map { String(decoding: $0, as: UTF8.self) }
            done.signal()
        }.resume()
        done.wait()
        return body
    }

    /// Stops the daemon (SIGTERM: it commits what it queued and stops) and reads its store.
    func finish() throws -> StoreFigures {
        process.terminate()
        process.waitUntilExit()
        reportLog()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try StoreFigures.read(path: directory.appendingPathComponent("zoomdash.sqlite").path)
    }
}

/// The largest value a reading took, sampled every 50 ms on a thread of its own until ``stop()``.
final class PeakSampler: Sendable {
    private let state = Mutex((peak: 0.0, running: true))
    private let done = DispatchSemaphore(value: 0)

    init(_ read: @escaping @Sendable () -> Double) {
        Thread { [self] in
            while state.withLock({ $0.running }) {
                let value = read()
                state.withLock { $0.peak = max($0.peak, value) }
                usleep(50_000)
            }
            done.signal()
        }.start()
    }

    func stop() -> Double {
        state.withLock { $0.running = false }
        done.wait()
        return state.withLock { $0.peak }
    }
}
