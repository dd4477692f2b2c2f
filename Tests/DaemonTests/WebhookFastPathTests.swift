import Foundation
import Testing

/// Webhook requests answered from the event loop (`WebhookChannelHandler`), over raw sockets: the
/// answers keep the order of pipelined requests whoever answers them, the requests it leaves to the
/// router are answered as before, and the connection's keep-alive, `Connection: close` and idle
/// timeout hold as for any other request.
@Suite(.timeLimit(.minutes(5)))
struct WebhookFastPathTests {
    func count(_ daemon: DaemonProcess) throws -> Int {
        Int(try runBlocking("/usr/bin/sqlite3", [daemon.storePath, "SELECT COUNT(*) FROM webhook_events"]).1
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// A signed webhook request for a person joining, with `extraHeaders` (each ending in CRLF).
    func request(_ name: String, extraHeaders: String = "", signature: String? = nil) -> String {
        let body = Events.participant("meeting.participant_joined", name: name, time: Date().addingTimeInterval(-300))
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let signed = signature ?? DaemonProcess.sign(Array(body.utf8), timestamp: timestamp)
        return "POST /zoom/webhook HTTP/1.1\r\nHost: zoomdash\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "x-zm-request-timestamp: \(timestamp)\r\nx-zm-signature: \(signed)\r\n\(extraHeaders)\r\n\(body)"
    }

    /// The status lines of the answers in `text`, in order (an answer's body ends without a line break).
    func statuses(_ text: String) -> [String] {
        text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { "HTTP/1.1 " + $0.prefix(3) }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderWhoeverAnswersThem() async throws {
        let daemon = try DaemonProcess(http: "idle_timeout = \"2s\"")
        _ = try await daemon.start()
        let connection = try RawConnection(port: daemon.port)
        // In one write: a webhook, a health check (the router's), a webhook, a bad signature, a webhook.
        connection.send(
            request("Ann Lee") + "GET /healthz HTTP/1.1\r\nHost: zoomdash\r\n\r\n" + request("Bo Chen")
                + request("Cy Diaz", signature: "v0=" + String(repeating: "0", count: 64)) + request("Di Evans"))
        let answer = connection.readUntilClosed(seconds: 6)
        #expect(statuses(answer.text) == ["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 401", "HTTP/1.1 200"], "\(answer.text)")
        let bodies = answer.text.components(separatedBy: "\r\n\r\n").dropFirst().map { $0.prefix(20) }
        #expect(bodies.first == #"{"status":"ok"}HTTP/"#, "the first answer is the first webhook's: \(bodies)")
        #expect(answer.closed, "closed at the idle timeout once every answer was written")
        #expect(try count(daemon) == 3)
    }

    @Test func manyEventsOnOneKeptAliveConnection() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        let connection = try RawConnection(port: daemon.port)
        for index in 0..<50 {
            connection.send(request("Person \(index)"))
            let answer = connection.readUntilAnswer(seconds: 5)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "event \(index): \(answer.prefix(100))")
            if index == 0 {
                let date = answer.components(separatedBy: "\r\n").first { $0.hasPrefix("Date: ") }.map { String($0.dropFirst(6)) }
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                let parsed = date.flatMap(formatter.date(from:))
                #expect(parsed.map { abs($0.timeIntervalSinceNow) < 5 } == true, "an answer dated now: \(answer.prefix(200))")
            }
        }
        #expect(try count(daemon) == 50)
        #expect(try await daemon.get("/metrics").1.contains(#"zoomdash_webhook_requests_total{outcome="accepted"} 50"#))
    }

    @Test func aRequestAskingToCloseIsAnsweredThenClosed() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        let connection = try RawConnection(port: daemon.port)
        connection.send(request("Ann Lee", extraHeaders: "Connection: close\r\n"))
        let answer = connection.readUntilClosed(seconds: 5)
        #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text.prefix(100))")
        #expect(answer.closed)
        #expect(try count(daemon) == 1)
    }

    @Test func aChunkedBodyGoesToTheRouterAndIsStoredAsWell() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        let body = Events.participant("meeting.participant_joined", name: "Ann Lee", time: Date().addingTimeInterval(-300))
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let bytes = Array(body.utf8)
        let half = bytes.count / 2
        let chunk = { (part: ArraySlice<UInt8>) in String(part.count, radix: 16) + "\r\n" + String(decoding: part, as: UTF8.self) + "\r\n" }
        let connection = try RawConnection(port: daemon.port)
        connection.send(
            "POST /zoom/webhook HTTP/1.1\r\nHost: zoomdash\r\nTransfer-Encoding: chunked\r\nx-zm-request-timestamp: \(timestamp)\r\n"
                + "x-zm-signature: \(DaemonProcess.sign(bytes, timestamp: timestamp))\r\n\r\n" + chunk(bytes[..<half]) + chunk(bytes[half...]) + "0\r\n\r\n")
        let answer = connection.readUntilAnswer(seconds: 5)
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")
        #expect(try count(daemon) == 1)
    }

    @Test func aBodyCutShortByItsClientIsNeverStored() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        let full = request("Ann Lee")
        do {
            let connection = try RawConnection(port: daemon.port)
            connection.send(String(full.dropLast(10)))
        }  // closed here, ten bytes short
        #expect(try await daemon.post(Events.participant("meeting.participant_joined", name: "Bo Chen", time: Date().addingTimeInterval(-300))).0 == 200)
        #expect(try count(daemon) == 1, "only the whole request was stored")
    }
}
