import Foundation
import Testing
import ZoomSimKit

/// A `meeting.ended` webhook makes the real zoomdashd fetch that meeting's participants and QoS from
/// (a real, in-process) zoomsim `fetch_after_end` later, without waiting for the collectors' timers.
@Suite(.timeLimit(.minutes(5)))
struct TriggeredFetchTests {
    static let yesterday: String = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(-86_400))
    }()
    static let scenario = Scenario.generate(ScenarioOptions(seed: 7, endDay: yesterday, days: 3, hosts: 2))

    /// A class of the scenario with QoS data and a network drop.
    static let meeting: SimMeeting = {
        let withQoS = Set(scenario.truthQuality().map(\.meetingUUID))
        let dropped = Set(scenario.truthDisconnections(source: .dashboard).filter { $0.reasonClass == "network" }.map(\.meetingUUID))
        return scenario.meetings.last { $0.isClass && withQoS.contains($0.uuid) && dropped.contains($0.uuid) }!
    }()

    static func ended(_ meeting: SimMeeting) -> String {
        let iso = ISO8601DateFormatter()
        let topic = meeting.topic.replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"event":"meeting.ended","event_ts":\#(Int64(meeting.end.timeIntervalSince1970 * 1000)),"payload":{"account_id":"A","object":{"uuid":"\#(meeting.uuid)","id":"\#(meeting.id)","type":8,"topic":"\#(topic)","host_id":"\#(meeting.hostID)","start_time":"\#(iso.string(from: meeting.start))","end_time":"\#(iso.string(from: meeting.end))","duration":45}}}"#
    }

    @Test func aMeetingEndedWebhookFetchesThatMeetingsParticipantsAndQoS() async throws {
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: Self.scenario.options), scenario: Self.scenario)
        try await simulator.withRunningServer { baseURL in
            // The timers are far away (a day) and look back a minute: only the webhook can bring the meeting.
            let daemon = try DaemonProcess(extraConfig: """
                [zoom]
                account_id = "sim-account"
                client_id = "sim-client"
                client_secret = "sim-secret"
                api_url = "\(baseURL)/v2"
                oauth_url = "\(baseURL)/oauth/token"
                source = "dashboard"
                fetch_after_end = "1s"
                [collectors.people]
                type = "zoom.participants"
                interval = "1d"
                lookback = "60s"
                [collectors.quality]
                type = "zoom.qos"
                interval = "1d"
                lookback = "60s"
                """)
            _ = try await daemon.start()
            let meeting = Self.meeting
            #expect(try await daemon.post(Self.ended(meeting)).0 == 200)
            let queued = await daemon.messages.next(containing: "1 ended meetings to fetch")
            #expect(queued != nil, "the queue is shown in systemd's status line")
            let done = await daemon.messages.next { $0.hasPrefix("STATUS=") && !$0.contains("ended meetings to fetch") }
            #expect(done != nil)

            let quality = try await run(Binaries.path("zoomdashctl"), ["export", "quality", "--config", daemon.configPath, "--format", "jsonl"])
            let truth = try #require(Self.scenario.truthQuality().first { $0.meetingUUID == meeting.uuid })
            #expect(quality.1.contains(#""participant_minutes":\#(truth.participantMinutes),"poor_minutes":\#(truth.poorMinutes)"#), "\(quality)")
            let drops = try await run(Binaries.path("zoomdashctl"), ["export", "disconnects", "--config", daemon.configPath, "--format", "jsonl"])
            let expected = Self.scenario.truthDisconnections(source: .dashboard).filter { $0.meetingUUID == meeting.uuid }
            #expect(drops.1.split(separator: "\n").count == expected.count, "\(drops.1)")
            for drop in expected {
                #expect(drops.1.contains(#""quality_before":"\#(drop.qualityBefore)""#))
            }
        }
    }
}
