import Foundation
import Synchronization
import ZoomDashStorage
import ZoomSimKit

/// `zoomdash-bench websocket`: the real release zoomdashd fed by Zoom's WebSocket subscription (zoomsim's
/// hub and OAuth in this process, on a loopback port), against its webhook path in the same run: the
/// same number of events each way into one daemon's store (the webhook path driven by the webhook
/// bench's load generator, as its own figure is), events per second until all are committed;
/// then an hour-equivalent of a busy school's events (120,000) on the one connection, and the daemon's
/// resident memory after it.
enum WebSocketBench {
    static let perPath = Int(ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_WEBSOCKET_EVENTS"] ?? "") ?? 20_000
    static let hourEquivalent = 120_000

    static func run() async throws {
        print(Machine.description)
        let hub = WebSocketHub()
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: ScenarioOptions(days: 1, hosts: 1)), webSocket: hub)
        try await simulator.withRunningServer { base in
            setenv(
                "ZOOMDASH_BENCH_EXTRA",
                """
                [zoom]
                account_id = "sim-account"
                client_id = "sim-client"
                client_secret = "sim-secret"
                api_url = "\(base)/v2"
                oauth_url = "\(base)/oauth/token"
                [sources.ws]
                type = "zoom.websocket"
                subscription_id = "bench"
                url = "\(base.replacingOccurrences(of: "http://", with: "ws://"))/ws"
                """, 1)
            let daemon = try DaemonUnderTest(secret: WebhookBench.secret)
            defer { daemon.stop() }
            let store = daemon.directory.appendingPathComponent("zoomdash.sqlite").path
            try await until(seconds: 30) { await hub.isLive }
            let startRSS = daemon.residentMiB()

            // The webhook path: the same kind of events, pre-signed, from the webhook bench's load
            // generator (32 keep-alive connections, flat out); each 200 is a durable commit.
            let posted = SyntheticDay(events: perPath, offset: 0).requests(secret: WebhookBench.secret)
            let port = daemon.port
            let delivery = try await onThread {
                let supply = Mutex(0)
                return try LoadGenerator(port: port, connections: 32, seconds: nil, ratePerSecond: nil).run {
                    supply.withLock { index in
                        guard index < posted.count else { return nil }
                        index += 1
                        return posted[index - 1]
                    }
                }
            }
            guard delivery.failures == 0, delivery.requests == perPath else { throw BenchError("webhook deliveries failed: \(delivery.failures)") }
            let webhookSeconds = delivery.seconds

            // The socket: as fast as the hub writes them; done when all are committed.
            let pushed = SyntheticDay(events: perPath, offset: perPath).events
            let (_, socketSeconds) = try await measure {
                for event in pushed { await hub.publish(event.body) }
                try await until(seconds: 300) { try count(store) >= 2 * perPath }
            }
            let webhookRate = Double(perPath) / webhookSeconds
            let socketRate = Double(perPath) / socketSeconds
            report(
                "websocket_vs_webhook",
                [
                    ("events", "\(perPath)"), ("webhook_events_per_s", format(webhookRate, 0)), ("websocket_events_per_s", format(socketRate, 0)),
                    ("ratio_websocket_to_webhook", format(socketRate / webhookRate)),
                    ("goal_at_least_webhook", socketRate >= webhookRate ? "met" : "MISSED"),
                ])

            // An hour-equivalent on the same connection: the memory it leaves behind.
            let pid = daemon.process.processIdentifier
            let peak = PeakSampler { residentMiB(pid) }
            let hour = SyntheticDay(events: hourEquivalent, offset: 2 * perPath).events
            let (_, hourSeconds) = try await measure {
                for event in hour { await hub.publish(event.body) }
                try await until(seconds: 900) { try count(store) >= 2 * perPath + hourEquivalent }
            }
            let peakRSS = peak.stop()
            report(
                "websocket_hour",
                [
                    ("events", "\(hourEquivalent)"), ("seconds", format(hourSeconds, 1)), ("events_per_s", format(Double(hourEquivalent) / hourSeconds, 0)),
                    ("rss_start_mib", format(startRSS, 1)), ("rss_after_mib", format(daemon.residentMiB(), 1)), ("rss_peak_mib", format(peakRSS, 1)),
                    ("connects", "\(await hub.connects.count)"), ("discarded", "\(await hub.discarded)"),
                ])
        }
    }

    /// VmRSS of process `pid`, in MiB.
    static func residentMiB(_ pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    static func count(_ path: String) throws -> Int64 {
        try SQLiteConnection(path: path, readOnly: true).scalarInt("SELECT COUNT(*) FROM webhook_events")
    }

    /// Runs blocking `body` (the load generator's poll loop) on a thread of its own.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    static func until(seconds: Double, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw BenchError("timed out after \(Int(seconds)) s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Joins and leaves of a busy school day: 500 meetings of 30 people, each event a distinct business
/// key (`offset` shifts the people, so runs into one store never repeat one another).
struct SyntheticDay {
    let events: [WebhookEvent]

    init(events count: Int, offset: Int) {
        let base: Int64 = 1_796_000_000
        var events: [WebhookEvent] = []
        events.reserveCapacity(count)
        let formatter = ISO8601DateFormatter()
        for index in offset..<(offset + count) {
            let meeting = index % 500
            let person = index / 500
            let joined = person % 2 == 0
            let time = base + Int64(index)
            let iso = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
            let kind = joined ? "meeting.participant_joined" : "meeting.participant_left"
            let field = joined ? "join_time" : "leave_time"
            let uuid = "bench-meeting-\(meeting)=="
            let body = #"{"event":"\#(kind)","event_ts":\#(time * 1000),"payload":{"account_id":"sim-account","object":{"id":"\#(80_000_000_000 + meeting)","uuid":"\#(uuid)","host_id":"h\#(meeting)","topic":"Class \#(meeting)","type":8,"start_time":"2026-11-30T07:00:00Z","duration":45,"participant":{"user_id":"\#(person)","user_name":"Pupil \#(person / 2)","participant_uuid":"P-\#(meeting)-\#(person / 2)","\#(field)":"\#(iso)"}}}}"#
            events.append(WebhookEvent(event: kind, eventTimestampMilliseconds: time * 1000, meetingUUID: uuid, body: body))
        }
        self.events = events
    }

    /// The events as signed HTTP/1.1 requests to `/zoom/webhook`.
    func requests(secret: String) -> [[UInt8]] {
        let signer = WebhookSigner(secret: secret)
        let timestamp = String(Int(Date().timeIntervalSince1970))
        return events.map { event in
            let head = "POST /zoom/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(event.body.utf8.count)\r\n"
                + "x-zm-request-timestamp: \(timestamp)\r\nx-zm-signature: \(signer.signature(timestamp: timestamp, body: event.body))\r\n\r\n"
            return Array((head + event.body).utf8)
        }
    }
}
