import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import ZoomDashStorage
import ZoomSimKit

/// The webhook endpoint under hostile and unlucky conditions: it never says 200 for what is not
/// safe, and nobody who can reach it can silence it. One test per finding of the hardening issue.
@Suite(.timeLimit(.minutes(5)))
struct HardeningTests {
    static var isRoot: Bool { getuid() == 0 }

    func count(_ daemon: DaemonProcess, _ sql: String = "SELECT COUNT(*) FROM webhook_events") throws -> Int {
        Int(try runBlocking("/usr/bin/sqlite3", [daemon.storePath, sql]).1.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func join(_ name: String) -> String {
        Events.participant("meeting.participant_joined", name: name, time: Date().addingTimeInterval(-300))
    }

    @Test func slowAndSilentClientsCannotSilenceTheEndpoint() async throws {
        let daemon = try DaemonProcess(http: "max_connections = 16\nheader_timeout = \"2s\"")
        _ = try await daemon.start()
        // Forty connections that send half a request head and then nothing, more than the limit.
        let slow = try (0..<40).map { _ in try RawConnection(port: daemon.port) }
        for connection in slow { connection.send("POST /zoom/webhook HTTP/1.1\r\nHost: zoomdash\r\nContent-Le") }
        #expect(try await daemon.post(join("Ann Lee")).0 == 200, "a valid webhook still gets through")
        #expect(try await daemon.post(join("Bo Chen")).0 == 200)
        // Every slow one is closed: evicted for the valid ones, or at its header timeout.
        for connection in slow.prefix(5) { #expect(connection.readUntilClosed(seconds: 5).closed) }
        #expect(try count(daemon) == 2)
    }

    @Test func idleConnectionsThatOnceAskedSomethingCannotLockZoomOutEither() async throws {
        let daemon = try DaemonProcess(http: "max_connections = 16")
        _ = try await daemon.start()
        // Sixteen connections each ask once, get their answer, and stay open without a next request.
        let idle = try (0..<16).map { _ in try RawConnection(port: daemon.port) }
        for connection in idle {
            connection.send("GET /healthz HTTP/1.1\r\nHost: zoomdash\r\n\r\n")
            #expect(connection.readUntilAnswer(seconds: 5).hasPrefix("HTTP/1.1 200"))
        }
        #expect(try await daemon.post(join("Ann Lee")).0 == 200, "an idle connection makes room for Zoom")
    }

    @Test func underALowFileLimitSlowClientsCannotExhaustTheDescriptors() async throws {
        // systemd's default soft limit is 1,024; here 256, with room kept below it by max_connections.
        let daemon = try DaemonProcess(http: "max_connections = 128\nheader_timeout = \"5s\"", launcher: ["/usr/bin/prlimit", "--nofile=256:256", "--"])
        _ = try await daemon.start()
        let slow = try (0..<400).compactMap { _ in try? RawConnection(port: daemon.port) }
        for connection in slow { connection.send("POST /zoom/webhook HTTP/1.1\r\nHost: zoomdash\r\n") }
        for index in 0..<5 { #expect(try await daemon.post(join("Person \(index)")).0 == 200, "valid webhooks get through") }
        #expect(try count(daemon) == 5)
    }

    @Test func aTooLargeBodyIsAnsweredAndItsSocketClosed() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        let connection = try RawConnection(port: daemon.port)
        connection.send("POST /zoom/webhook HTTP/1.1\r\nHost: zoomdash\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n")
        let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 65_536)
        for _ in 0..<20 where connection.send(chunk) {}
        let answer = connection.readUntilClosed(seconds: 5)
        #expect(answer.text.hasPrefix("HTTP/1.1 413"), "\(answer.text.prefix(200))")
        #expect(answer.closed, "the daemon does not keep the socket and its unread bytes")
        // The same on a connection that asked to be kept alive.
        let keptAlive = try RawConnection(port: daemon.port)
        keptAlive.send("POST /zoom/webhook HTTP/1.1\r\nHost: zoomdash\r\nContent-Length: 10000000\r\n\r\n")
        for _ in 0..<20 where keptAlive.send(chunk) {}
        let second = keptAlive.readUntilClosed(seconds: 5)
        #expect(second.closed, "\(second.text.prefix(200))")
    }

    @Test func aClientThatNeverFinishesItsBodyDoesNotHoldTheStop() async throws {
        let daemon = try DaemonProcess(http: "shutdown_timeout = \"2s\"\nbody_timeout = \"60s\"")
        _ = try await daemon.start()
        let stuck = try RawConnection(port: daemon.port)
        stuck.send("POST /zoom/webhook HTTP/1.1\r\nHost: zoomdash\r\nContent-Length: 1000\r\n\r\n{\"event\":")
        // A round trip on another connection: by then the daemon has read the stuck one's head too.
        #expect(try await daemon.get("/healthz").0 == 200)
        let stopping = Date()
        kill(daemon.process.processIdentifier, SIGTERM)
        await daemon.process.exited()
        let took = Date().timeIntervalSince(stopping)
        #expect(took < 10, "stopped within the shutdown timeout, not systemd's SIGKILL")
        #expect(took >= 1.5, "the stuck request was in flight and got its shutdown timeout (\(took) s)")
        #expect(daemon.process.terminationReason == .exit)
        #expect(daemon.process.terminationStatus == 0)
    }

    @Test func aBodyThatTricklesPastItsTimeoutIsRefused() async throws {
        let daemon = try DaemonProcess(http: "body_timeout = \"1s\"")
        _ = try await daemon.start()
        let slow = try RawConnection(port: daemon.port)
        slow.send("POST /zoom/webhook HTTP/1.1\r\nHost: zoomdash\r\nContent-Length: 1000\r\n\r\n{")
        let answer = slow.readUntilClosed(seconds: 5)
        #expect(answer.closed, "closed at its body timeout")
        #expect(answer.text.isEmpty, "nothing was acknowledged: \(answer.text.prefix(200))")
    }

    @Test func untrustedNumbersAndEchoedTextCannotBreakTheAnswer() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        // A correctly signed Int64.min timestamp: refused as stale, and the daemon lives on.
        let body = Array(join("Ann Lee").utf8)
        #expect(try await daemon.post(bytes: body, timestamp: "-9223372036854775808").0 == 401)
        #expect(try await daemon.post(bytes: body, timestamp: "9223372036854775807").0 == 401)
        #expect(try await daemon.get("/healthz").0 == 200)
        // Control characters, quotes and backslashes in plainToken: the CRC answer is still JSON.
        let token = "a\u{01}b\n\"c\\d\u{7f}"
        let crc = #"{"payload":{"plainToken":"a\u0001b\n\"c\\d\#u{7f}"},"event_ts":1,"event":"endpoint.url_validation"}"#
        let (status, answer) = try await daemon.post(crc)
        #expect(status == 200)
        let parsed = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: String]
        #expect(parsed?["plainToken"] == token, "\(answer)")
    }

    @Test func headAnswersForMetricsAndHealth() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        for path in ["/metrics", "/healthz"] {
            var request = URLRequest(url: URL(string: daemon.baseURL + path)!)
            request.httpMethod = "HEAD"
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(path)")
            #expect(data.isEmpty)
        }
        let (_, metrics, _) = try await daemon.get("/metrics")
        #expect(metrics.contains("zoomdash_store_writable 1.0"))
    }

    @Test func theRawBodyIsStoredAsTheBytesZoomSigned() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        var body = Array(join("Ann X").utf8)
        let marker = body.firstIndex(of: UInt8(ascii: "X"))!
        body[marker] = 0xFF  // not UTF-8
        #expect(try await daemon.post(bytes: body, timestamp: String(Int(Date().timeIntervalSince1970))).0 == 200)
        // Compressed in the store (webhook_event_bodies), given back as it came.
        #expect(try await ZoomDashStore(path: daemon.storePath, readOnly: true).webhookBodies().map(\.body) == [body])
    }

    @Test func aDeletedLogStopsTheAcknowledgementsAndNothingAcknowledgedIsLost() async throws {
        let first = try DaemonProcess()
        _ = try await first.start()
        var acknowledged = 0
        for index in 0..<50 where try await first.post(join("Person \(index)")).0 == 200 { acknowledged += 1 }
        try FileManager.default.removeItem(atPath: first.storePath + "-wal")
        var refused = 0
        for index in 50..<60 {
            let status = (try? await first.post(join("Person \(index)")).0) ?? 0
            if status == 200 { acknowledged += 1 } else { refused += 1 }
        }
        #expect(refused > 0, "no 200 for an event written into a deleted file")
        await first.process.exited()
        #expect(first.process.terminationStatus == 74, "it exits, so that systemd restarts it on a fresh open")
        let second = try DaemonProcess(reusing: first.directory)
        _ = try await second.start()
        #expect(try count(second) == acknowledged, "every acknowledged event is in the file the next start reads")
    }

    @Test func aDeletedStoreIsNeverAcknowledgedInto() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        #expect(try await daemon.post(join("Ann Lee")).0 == 200)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: daemon.storePath + suffix) }
        var statuses: [Int] = []
        for index in 0..<5 { statuses.append((try? await daemon.post(join("Person \(index)")).0) ?? 0) }
        #expect(!statuses.contains(200), "\(statuses)")
        await daemon.process.exited()
        #expect(daemon.process.terminationStatus == 74)
    }

    @Test func aSecondDaemonOnTheSameAddressSaysWhichAndWhy() async throws {
        let first = try DaemonProcess()
        _ = try await first.start()
        let second = try DaemonProcess()
        let config = try String(contentsOfFile: second.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "[http]\nlisten = \"127.0.0.1:0\"", with: "[http]\nlisten = \"127.0.0.1:\(first.port)\"")
            .write(toFile: second.configPath, atomically: true, encoding: .utf8)
        let errors = Pipe()
        second.process.standardError = errors
        try second.process.run()
        await second.process.exited()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(second.process.terminationStatus == 69)
        #expect(said.contains("[http] 127.0.0.1:\(first.port)") && said.contains("already in use"), "\(said.suffix(600))")
        #expect(try await first.get("/healthz").0 == 200, "the first daemon goes on")
    }

    @Test func idleKeptAliveConnectionsAndOversizedHeadsAreClosed() async throws {
        let daemon = try DaemonProcess(http: "idle_timeout = \"1s\"\nmax_header_bytes = 2048")
        _ = try await daemon.start()
        let idle = try RawConnection(port: daemon.port)
        idle.send("GET /healthz HTTP/1.1\r\nHost: zoomdash\r\n\r\n")
        let answer = idle.readUntilClosed(seconds: 6)
        #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text.prefix(100))")
        #expect(answer.closed, "closed after a second without a next request")
        let big = try RawConnection(port: daemon.port)
        big.send("GET /healthz HTTP/1.1\r\nHost: zoomdash\r\nX-Filler: \(String(repeating: "a", count: 4096))\r\n\r\n")
        let refused = big.readUntilClosed(seconds: 5)
        #expect(refused.text.hasPrefix("HTTP/1.1 4"), "\(refused.text.prefix(100))")
        #expect(refused.closed)
    }

    @Test func aReadOnlyStoreRefusesToStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let made = try DaemonProcess(reusing: directory)
        _ = try await made.start()
        kill(made.process.processIdentifier, SIGTERM)
        await made.process.exited()
        // Root writes through file permissions: a read-only mount is what makes it read-only for root.
        var mounted = false
        if Self.isRoot {
            mounted = try await run("/usr/bin/mount", ["--bind", "-o", "ro", directory.path, directory.path]).0 == 0
            if mounted { mounted = try await run("/usr/bin/mount", ["-o", "remount,ro,bind", directory.path]).0 == 0 }
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: made.storePath)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
        }
        defer {
            if mounted { _ = try? runBlocking("/usr/bin/umount", [directory.path]) }
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        }
        guard mounted || !Self.isRoot else {
            print("skipped: no read-only bind mount possible here")
            return
        }
        let started = try await run(Binaries.path("zoomdashd"), ["--config", made.configPath])
        #expect(started.0 == 74, "\(started.2)")
        #expect(started.2.contains("read-only"), "\(started.2)")
    }

    @Test func aFullDiskIsUnhealthyAnd503AndRecoversByItself() async throws {
        guard Self.isRoot else {
            print("skipped: a small tmpfs for a full disk needs root")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard try await run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=6m", "tmpfs", directory.path]).0 == 0 else {
            print("skipped: cannot mount a tmpfs here")
            return
        }
        defer { _ = try? runBlocking("/usr/bin/umount", ["-l", directory.path]) }
        let daemon = try DaemonProcess(reusing: directory)
        _ = try await daemon.start()
        #expect(try await daemon.post(join("Ann Lee")).0 == 200)
        // Fill the file system.
        let filler = directory.appendingPathComponent("filler").path
        _ = try await run("/usr/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=64k", "count=200"])
        var statuses: [Int] = []
        for index in 0..<40 { statuses.append((try? await daemon.post(join("Person \(index) " + String(repeating: "x", count: 2000))).0) ?? 0) }
        #expect(statuses.contains(503), "\(statuses)")
        let (health, reasons, _) = try await daemon.get("/healthz")
        #expect(health == 503, "\(reasons)")
        #expect(reasons.contains("full"), "\(reasons)")
        try FileManager.default.removeItem(atPath: filler)
        #expect(try await daemon.post(join("Cy Diaz")).0 == 200, "writable again: it recovers without a restart")
        let recovered = try await daemon.get("/healthz")
        #expect(recovered.0 == 200, "\(recovered.1)")
    }
}
