import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs signed webhook events to a receiver, the way Zoom delivers them (one request per
/// event, signed with the current time, not the event time).
public struct WebhookSender: Sendable {
    public enum Pacing: Sendable, Hashable {
        /// As fast as possible with `concurrency` requests in flight (arrival order then varies,
        /// as it does with real Zoom deliveries).
        case burst(concurrency: Int)
        /// Replays the event timeline `factor` times faster than real time, one at a time.
        case speed(factor: Double)
    }

    public struct Report: Sendable, Hashable {
        public var sent = 0
        /// HTTP status → count.
        public var statuses: [Int: Int] = [:]
        /// Transport failures (connection refused, timeouts).
        public var transportErrors = 0
    }

    public let url: URL
    public let signer: WebhookSigner
    public let timeoutSeconds: Double

    public init(url: URL, secret: String, timeoutSeconds: Double = 10) {
        self.url = url
        self.signer = WebhookSigner(secret: secret)
        self.timeoutSeconds = timeoutSeconds
    }

    public func send(_ events: [WebhookEvent], pacing: Pacing) async -> Report {
        var report = Report()
        switch pacing {
        case .speed(let factor):
            guard let first = events.first else { return report }
            let began = ContinuousClock.now
            for event in events {
                let offset = Double(event.eventTimestampMilliseconds - first.eventTimestampMilliseconds) / 1000 / max(factor, 1e-9)
                let due = began.advanced(by: .milliseconds(Int64(offset * 1000)))
                try? await Task.sleep(until: due, clock: .continuous)
                if Task.isCancelled { break }
                report.record(await deliver(event, number: report.sent))
            }
        case .burst(let concurrency):
            await withTaskGroup(of: Int?.self) { group in
                var next = 0
                for _ in 0..<max(1, concurrency) where next < events.count {
                    let event = events[next]
                    let number = next
                    group.addTask { await deliver(event, number: number) }
                    next += 1
                }
                for await status in group {
                    report.record(status)
                    if next < events.count, !Task.isCancelled {
                        let event = events[next]
                        let number = next
                        group.addTask { await deliver(event, number: number) }
                        next += 1
                    }
                }
            }
        }
        return report
    }

    /// Sends one event; returns the HTTP status, or nil on a transport error.
    public func deliver(_ event: WebhookEvent, number: Int = 0) async -> Int? {
        let body = Data(event.body.utf8)
        var request = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        request.httpMethod = "POST"
        request.httpBody = body
        let trackingID = "v=2.0;clid=sim;rid=WH_\(String(SeededRandom.mix(UInt64(event.eventTimestampMilliseconds) &+ UInt64(number)), radix: 16))"
        for header in signer.headers(body: body, now: Date(), trackingID: trackingID) {
            request.setValue(header.value, forHTTPHeaderField: header.name)
        }
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode
        } catch {
            return nil
        }
    }
}

extension WebhookSender.Report {
    mutating func record(_ status: Int?) {
        sent += 1
        if let status { statuses[status, default: 0] += 1 } else { transportErrors += 1 }
    }
}
