import Foundation
import Testing
import ZoomSimKit

/// Reads served QoS samples the way an analysis would: tolerant number parsing and thresholds
/// between the simulator's healthy and poor ranges.
struct QoSReader {
    static let media = ["audio_input", "audio_output", "video_input", "video_output", "as_input", "as_output"]
    /// Both "126 ms" and "126ms"; "", "-" and missing keys are no value.
    let figure = try! Regex(#"^\s*(-?[0-9.]+)\s*(kbps|ms|%|fps)?\s*$"#)

    func number(_ value: Any?) -> Double? {
        guard let text = value as? String, let match = try? figure.wholeMatch(in: text), let digits = match.output[1].substring else { return nil }
        return Double(digits)
    }

    func isPoor(_ sample: [String: Any]) -> Bool {
        Self.media.contains { channel in
            let figures = sample[channel] as? [String: Any] ?? [:]
            return (number(figures["latency"]) ?? 0) > 300 || (number(figures["jitter"]) ?? 0) > 40 || (number(figures["avg_loss"]) ?? 0) > 5
        }
    }
}

/// Checks the plan-based QoS truth against what the simulator serves.
@Suite struct ZoomSimQoSTruthTests {
    static let scenario = ZoomSimServerTests.scenario
    static let quality = Dictionary(uniqueKeysWithValues: scenario.truthQuality().map { ($0.meetingUUID, $0) })

    /// Network drops outside every collective drop, in meetings with QoS data.
    static let individualNetworkDrops: [TruthDisconnection] = {
        let spans = scenario.truthIncidents(source: .dashboard).filter { $0.scope == "meeting" }
        return scenario.truthDisconnections(source: .dashboard).filter { drop in
            drop.reasonClass == "network" && quality[drop.meetingUUID] != nil
                && !spans.contains { $0.meetingUUID == drop.meetingUUID && $0.start <= drop.time && drop.time <= $0.end }
        }
    }()

    func withClient(_ body: @Sendable (ZoomSimClient, String) async throws -> Void) async throws {
        let clock = ZoomSimTestClock(ZoomSimServerTests.afterScenario)
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: Self.scenario.options, clock: { clock.now() }), scenario: Self.scenario)
        try await simulator.withRunningServer { base in
            let client = ZoomSimClient(base: base)
            try await body(client, try #require(try await client.token().json["access_token"] as? String))
        }
    }

    static func meeting(_ uuid: String) -> SimMeeting { scenario.meetings.first { $0.uuid == uuid }! }

    @Test func qualityIsDeterministic() {
        let again = Scenario.generate(Self.scenario.options)
        #expect(again.truthQuality() == Self.scenario.truthQuality())
        #expect(again.truthCauses() == Self.scenario.truthCauses())
        #expect(again.truthDisconnections(source: .dashboard) == Self.scenario.truthDisconnections(source: .dashboard))
        // Every dashboard incident has exactly one cause, in the same order.
        let incidents = Self.scenario.truthIncidents(source: .dashboard)
        let causes = Self.scenario.truthCauses()
        #expect(causes.map(\.start) == incidents.map(\.start) && causes.map(\.meetingUUID) == incidents.map(\.meetingUUID))
        #expect(Set(causes.map(\.cause)).isSubset(of: ["local_network", "zoom_or_shared", "unknown"]))
    }

    @Test func aPoorMinuteComesBeforeEveryIndividualNetworkDrop() async throws {
        #expect(Self.individualNetworkDrops.count > 20)
        #expect(Self.individualNetworkDrops.allSatisfy { $0.qualityBefore == "poor" })
        let uuids = Array(Set(Self.individualNetworkDrops.map(\.meetingUUID))).sorted().prefix(6)
        try await withClient { client, token in
            let reader = QoSReader()
            for uuid in uuids {
                let connections = try await client.allQoS(Self.meeting(uuid), token: token)
                for drop in Self.individualNetworkDrops where drop.meetingUUID == uuid {
                    let leave = Int(drop.time.timeIntervalSince1970)
                    let dropped = try #require(connections.first {
                        $0["user_name"] as? String == drop.participantName && $0["leave_time"] as? String == UTCTime.iso8601(drop.time)
                    })
                    let before = [leave / 60 * 60 - 60, leave / 60 * 60].map { UTCTime.iso8601(epochSeconds: $0) }
                    let samples = (dropped["user_qos"] as? [[String: Any]] ?? []).filter { before.contains($0["date_time"] as? String ?? "") }
                    #expect(samples.contains(where: reader.isPoor), "\(drop.participantName) at \(drop.time)")
                    #expect(dropped["health"] as? String == "Warning")
                }
            }
        }
    }

    @Test func truthQualityEqualsARecountOfTheServedSamples() async throws {
        let truth = Self.scenario.truthQuality()
        let chosen = truth.filter { $0.poorMinutes > 0 }.prefix(5) + truth.filter { $0.poorMinutes == 0 }.prefix(1)
        let withoutData = try #require(Self.scenario.meetings.first { $0.isClass && Self.quality[$0.uuid] == nil })
        try await withClient { client, token in
            let reader = QoSReader()
            var sawCameraOff = false
            var sawIdleShare = false
            for expected in chosen {
                var minutes: Set<String> = []
                var poor: Set<String> = []
                for connection in try await client.allQoS(Self.meeting(expected.meetingUUID), token: token) {
                    let identity = connection["participant_uuid"] as? String ?? ""
                    for sample in connection["user_qos"] as? [[String: Any]] ?? [] {
                        let key = identity + "|" + (sample["date_time"] as? String ?? "")
                        minutes.insert(key)
                        if reader.isPoor(sample) { poor.insert(key) }
                        sawCameraOff = sawCameraOff || (sample["video_input"] as? [String: Any])?["latency"] as? String == "-"
                        sawIdleShare = sawIdleShare || (sample["as_input"] as? [String: Any])?["bitrate"] as? String == ""
                    }
                }
                #expect(minutes.count == expected.participantMinutes, "\(expected.topic)")
                #expect(poor.count == expected.poorMinutes, "\(expected.topic)")
            }
            #expect(sawCameraOff && sawIdleShare)
            let empty = try await client.allQoS(withoutData, token: token)
            #expect(!empty.isEmpty && empty.allSatisfy { ($0["user_qos"] as? [Any])?.isEmpty == true })
        }
    }
}
