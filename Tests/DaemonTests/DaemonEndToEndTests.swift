import Foundation
import Testing
import ZoomSimKit

/// The real zoomdashd as systemd runs it: notify socket, watchdog, signals, real HTTP, real SQLite.
@Suite(.timeLimit(.minutes(5)))
struct DaemonEndToEndTests {
    @Test func servesWebhooksMetricsAndSystemdProtocol() async throws {
        let daemon = try DaemonProcess()
        let ready = try await daemon.start()
        #expect(ready.contains("STATUS="))
        #expect(await daemon.messages.next(containing: "WATCHDOG=1") != nil)

        // /metrics passes promtool with no warning.
        let (status, metrics, contentType) = try await daemon.get("/metrics")
        #expect(status == 200)
        #expect(contentType == "text/plain; version=0.0.4; charset=utf-8")
        let promtool = try await run("/usr/bin/promtool", ["check", "metrics"], input: metrics)
        #expect(promtool.0 == 0, "\(promtool.1)\(promtool.2)")
        #expect(metrics.contains("zoomdash_build_info{version="))
        let (healthStatus, health, _) = try await daemon.get("/healthz")
        #expect(healthStatus == 200)
        #expect(health == #"{"status":"ok"}"#)

        // Signed webhooks: valid, bad signature, stale, malformed, oversized, URL validation.
        let now = Date()
        let joined = Events.participant("meeting.participant_joined", name: "Ann Lee", time: now.addingTimeInterval(-600))
        #expect(try await daemon.post(joined).0 == 200)
        #expect(try await daemon.post(joined).0 == 200, "a redelivery is accepted (and stored once)")
        #expect(try await daemon.post(joined, signature: "v0=" + String(repeating: "0", count: 64)).0 == 401)
        #expect(try await daemon.post(joined, signature: "").0 == 401)
        #expect(try await daemon.post(joined, timestamp: now.addingTimeInterval(-3600)).0 == 401)
        #expect(try await daemon.post(#"{"event": "meeting.participant_joined", "payload": "#).0 == 400)
        // Refused before its body is read, so a client still sending may see the reset of the close
        // before the 413 (one run in four here); HardeningTests reads the 413 off a raw socket.
        let oversized = try? await daemon.post(String(repeating: " ", count: (1 << 20) + 10))
        #expect(oversized == nil || oversized?.0 == 413)
        let crc = #"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}"#
        let (crcStatus, crcBody) = try await daemon.post(crc)
        #expect(crcStatus == 200)
        let expectedToken = WebhookSigner(secret: DaemonProcess.secret).encryptedToken(plainToken: "qgg8vlvZRS6UYooatFL8Aw")
        #expect(crcBody == #"{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"\#(expectedToken)"}"#)

        // A burst of drops in one meeting: a collective incident within seconds, in /metrics and the export.
        #expect(try await daemon.postCollectiveDrop(now: now) == Array(repeating: 200, count: 10))
        #expect(await daemon.messages.next(containing: "5 disconnections, 1 meeting incidents") != nil)
        let (_, after, _) = try await daemon.get("/metrics")
        #expect(after.contains(#"zoomdash_collective_incidents_total{scope="meeting"} 1"#))
        #expect(after.contains(#"zoomdash_participant_disconnects_total{reason_class="network",source="webhook"} 5"#))
        #expect(after.contains(#"zoomdash_webhook_requests_total{outcome="accepted"} 11"#))
        #expect(after.contains(#"zoomdash_webhook_requests_total{outcome="duplicate"} 1"#))
        #expect(after.contains(#"zoomdash_webhook_requests_total{outcome="bad_signature"} 2"#))
        #expect(after.contains("zoomdash_live_participants 1.0"))
        let lag = after.split(separator: "\n").first { $0.hasPrefix("zoomdash_live_analysis_lag_seconds ") }
        #expect(lag.flatMap { Double($0.split(separator: " ")[1]) }.map { $0 > 0 && $0 < 30 } == true, "the live view trailed the events by a moment")
        // The live analysis's share of the machine: its passes counted (before the STATUS line that
        // reported this one; the seconds of this pass are added after it).
        func value(_ name: String) -> Double? {
            after.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
        }
        #expect((value("zoomdash_live_analysis_meetings_total") ?? 0) >= 1, "a pass re-derived the meeting")
        #expect(value("zoomdash_live_analysis_seconds_total") != nil)
        let export = try await run(Binaries.path("zoomdashctl"), ["export", "incidents", "--config", daemon.configPath, "--format", "jsonl"])
        #expect(export.0 == 0, "\(export.2)")
        #expect(export.1.contains(#""scope":"meeting","meeting_uuid":"\/TestRoom\/\/uuid+Q==""#) || export.1.contains(#""meeting_uuid":"/TestRoom//uuid+Q==""#))
        #expect(export.1.contains(#""dropped":5,"present":6"#))
        let presence = try await run(Binaries.path("zoomdashctl"), ["export", "presence", "--config", daemon.configPath, "--format", "jsonl"])
        #expect(presence.1.contains(#""participant_name":"Ann Lee","status":"in""#))
        #expect(!presence.1.contains("Bo Chen"), "people off the allowlist are never named")

        // SIGHUP with a broken config: RELOADING, then READY again with the old config still serving.
        try "[analysis]\ncollective_window_seconds = \"oops\"\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        let reloading = await daemon.messages.next(containing: "RELOADING=1")
        #expect(reloading?.contains("MONOTONIC_USEC=") == true)
        #expect(await daemon.messages.next(containing: "READY=1") != nil)
        #expect(try await daemon.post(joined).0 == 200, "the old webhook secret still applies")

        // SIGTERM: STOPPING=1, exit 0.
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(await daemon.messages.next(containing: "STOPPING=1") != nil)
        await daemon.process.exited()
        #expect(daemon.process.terminationReason == .exit)
        #expect(daemon.process.terminationStatus == 0)
    }

    @Test func killedDuringWebhookLoadLosesNoAcknowledgedEvent() async throws {
        let daemon = try DaemonProcess()
        _ = try await daemon.start()
        let base = Date().addingTimeInterval(-1800)
        let acknowledged = await withTaskGroup(of: String?.self) { group -> [String] in
            for index in 0..<600 {
                group.addTask {
                    let name = "Person \(index)"
                    let body = Events.participant("meeting.participant_joined", name: name, time: base.addingTimeInterval(Double(index)))
                    guard let (status, _) = try? await daemon.post(body), status == 200 else { return nil }
                    return name
                }
            }
            var acknowledged: [String] = []
            for await name in group {
                if let name { acknowledged.append(name) }
                if acknowledged.count == 300 { kill(daemon.process.processIdentifier, SIGKILL) }
            }
            return acknowledged
        }
        await daemon.process.exited()
        #expect(daemon.process.terminationReason == .uncaughtSignal)
        #expect(acknowledged.count >= 300)
        let stored = try await run("/usr/bin/sqlite3", [daemon.storePath, "SELECT participant_name FROM webhook_events"])
        #expect(stored.0 == 0, "\(stored.2)")
        let names = Set(stored.1.split(separator: "\n").map(String.init))
        let lost = Set(acknowledged).subtracting(names)
        #expect(lost.isEmpty, "acknowledged but not stored: \(lost.sorted().prefix(5))")
    }

    @Test func refusesToStartOnABadConfigWithExit78() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("zoomdash.toml").path
        try "[http]\nlisten = \"nowhere\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let checked = try await run(Binaries.path("zoomdashd"), ["check-config", "--config", path])
        #expect(checked.0 == 78)
        #expect(checked.2.contains("zoomdash.toml:2: http.listen"))
        let started = try await run(Binaries.path("zoomdashd"), ["--config", path])
        #expect(started.0 == 78)
    }
}
