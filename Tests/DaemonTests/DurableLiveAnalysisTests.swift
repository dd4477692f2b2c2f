import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import ZoomSimKit

/// Every acknowledged webhook event reaches the derived views (sessions, disconnections, /metrics),
/// whichever way the daemon stops under load: the live analysis's to-do list is in the store.
@Suite(.timeLimit(.minutes(5)))
struct DurableLiveAnalysisTests {
    static let meetings = 12
    static let drops = 600

    @Test(arguments: [SIGKILL, SIGTERM])
    func everyAcknowledgedDropIsInTheExportAfterTheDaemonStopsUnderLoad(signal: Int32) async throws {
        let first = try DaemonProcess()
        _ = try await first.start()
        let acknowledged = try await sendDrops(to: first, stoppingWith: signal, after: Self.drops / 2)
        await first.process.exited()
        #expect(first.process.terminationReason == (signal == SIGKILL ? .uncaughtSignal : .exit))
        #expect(acknowledged.count >= Self.drops / 2)

        // Restarted on the same store: READY at once, then the backlog is analysed.
        let second = try DaemonProcess(reusing: first.directory)
        _ = try await second.start()
        let caughtUp = await second.messages.next { $0.contains("STATUS=") && !$0.contains("READY=1") && !$0.contains("catching up") }
        #expect(caughtUp != nil)
        let exported = try await exportedDrops(second)
        let missing = Set(acknowledged).subtracting(exported.map(\.name))
        #expect(missing.isEmpty, "acknowledged, stored, but not in export disconnects: \(missing.sorted().prefix(5))")
        #expect(Set(exported.map(\.name)).count == exported.count, "no drop counted twice")

        // /metrics agrees with the store after the restart.
        let (_, metrics, _) = try await second.get("/metrics")
        #expect(metrics.contains(#"zoomdash_participant_disconnects_total{reason_class="network",source="webhook"} \#(exported.count)"#))
        #expect(metrics.contains("zoomdash_live_analysis_backlog_meetings 0.0"))
        // The dashboard's rates come from usage kept in the same transaction: the same drops.
        let (days, _) = try await URLSession.shared.data(from: URL(string: second.dashboardURL + "/api/v1/days?format=csv")!)
        let dashboardDrops = String(decoding: days, as: UTF8.self).split(whereSeparator: \.isNewline).dropFirst()
            .compactMap { Int($0.split(separator: ",")[4]) }.reduce(0, +)
        #expect(dashboardDrops == exported.count)
        kill(second.process.processIdentifier, SIGTERM)
        await second.process.exited()

        // `reanalyze` on that store rebuilds the same rows from the raw events.
        let reanalysed = try await run(Binaries.path("zoomdashctl"), ["reanalyze", "--config", second.configPath])
        #expect(reanalysed.0 == 0, "\(reanalysed.2)")
        #expect(try await exportedDrops(second) == exported)
    }

    /// POSTs `drops` signed network drops spread over several meetings, 8 at a time, and sends
    /// `signal` once `after` were acknowledged. Returns the names whose drop was answered 200.
    private func sendDrops(to daemon: DaemonProcess, stoppingWith signal: Int32, after: Int) async throws -> [String] {
        let base = Date().addingTimeInterval(-1800)
        return await withTaskGroup(of: String?.self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask {
                    let name = "Person \(index)"
                    let body = Events.participant(
                        "meeting.participant_left", name: name, time: base.addingTimeInterval(Double(index)),
                        reason: "left the meeting. Reason : Network connection error. ", meetingUUID: "room-\(index % Self.meetings)")
                    guard let (status, _) = try? await daemon.post(body), status == 200 else { return nil }
                    return name
                }
            }
            for _ in 0..<8 { add() }
            var acknowledged: [String] = []
            var signalled = false
            for await name in group {
                if let name { acknowledged.append(name) }
                if !signalled && acknowledged.count >= after {
                    kill(daemon.process.processIdentifier, signal)
                    signalled = true
                }
                if next < Self.drops && daemon.process.isRunning { add() }
            }
            return acknowledged
        }
    }

    private struct Drop: Hashable {
        var name: String
        var meeting: String
        var time: String
        var reasonClass: String
    }

    private func exportedDrops(_ daemon: DaemonProcess) async throws -> [Drop] {
        let export = try await run(Binaries.path("zoomdashctl"), ["export", "disconnects", "--config", daemon.configPath, "--format", "jsonl"])
        #expect(export.0 == 0, "\(export.2)")
        return try export.1.split(separator: "\n").map { line in
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Drop(
                name: row["participant_name"] as? String ?? "", meeting: row["meeting_uuid"] as? String ?? "",
                time: row["time"] as? String ?? "", reasonClass: row["reason_class"] as? String ?? "")
        }
    }
}
