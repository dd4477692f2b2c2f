import Foundation
import Synchronization
import Testing
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashZoomAPI
import ZoomSimKit

/// What the QoS collector does beyond the generic collector contract: live QoS of meetings in
/// progress, at most every five minutes each; Zoom not finished with a meeting yet; the Report source.
@Suite(.timeLimit(.minutes(5)))
struct QualityCollectorTests {
    static let scenario = Scenario.generate(PluginHarness.scenarioOptions)
    static let meeting = scenario.meetings.first { meeting in
        meeting.isClass && scenario.truthQuality().contains { $0.meetingUUID == meeting.uuid }
    }!

    func collector(_ config: ZoomDashConfig, store: ZoomDashStore, live: Bool) throws -> any Collector {
        let budget = RequestBudget(plan: config.zoom.plan, clock: ContinuousClock(), unixNow: Date().timeIntervalSince1970)
        let client = ZoomAPIClient(settings: config.zoom, http: CurlHTTPClient(), budget: budget, logger: PluginHarness.logger)
        let dependencies = CollectorDependencies(
            store: store, client: client, meetings: MeetingFilter(config.meetings), thresholds: config.analysis, zoom: config.zoom)
        let section = ConfigSection(file: "test.toml", path: "collectors.qos", values: ["live": .bool(live)])
        return try CollectorCatalog.standard.make(name: "qos", type: QualityCollector.type, section: section, dependencies: dependencies)
    }

    func context(at time: Date) -> CollectionContext {
        let now = Int64(time.timeIntervalSince1970)
        return CollectionContext(from: now - 86_400, to: now, now: now, logger: PluginHarness.logger)
    }

    @Test func liveQoSOfAMeetingInProgressAtMostEveryFiveMinutes() async throws {
        let meeting = Self.meeting
        let clock = SimulatedClock(meeting.start.addingTimeInterval(20 * 60 + 30))
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: Self.scenario.options, clock: { clock.now() }), scenario: Self.scenario)
        try await simulator.withRunningServer { baseURL in
            let config = PluginHarness.config(baseURL: baseURL, source: .dashboard)
            let store = try ZoomDashStore(path: config.store.path)
            let start = Int64(meeting.start.timeIntervalSince1970)
            try await store.upsertMeetings(
                [MeetingInstance(uuid: meeting.uuid, meetingID: meeting.id, topic: meeting.topic, startTime: start, endTime: nil, source: .webhook)],
                monitored: { _ in true }, now: start)
            let collector = try collector(config, store: store, live: true)
            let first = try await collector.collect(context(at: clock.now()))
            #expect(first.meetingsFetched == 1 && first.rowsAdded > 0, "\(first)")
            let samples = try await store.qualitySamples(meetingUUID: meeting.uuid)
            #expect(!samples.isEmpty && samples.allSatisfy { $0.minute <= Int64(clock.now().timeIntervalSince1970) })
            #expect(try await store.qualityRecords().count == 1)

            clock.advance(120)
            #expect(try await collector.collect(context(at: clock.now())).apiCalls == 0, "two minutes later: not yet")
            clock.advance(181)
            let later = try await collector.collect(context(at: clock.now()))
            #expect(later.meetingsFetched == 1)
            #expect(try await store.qualitySamples(meetingUUID: meeting.uuid).count > samples.count, "new minutes added")
            #expect(try await store.meetingsAwaitingQuality(from: 0, to: .max).isEmpty, "in progress: no past fetch yet")
            #expect(try await self.collector(config, store: store, live: false).collect(context(at: clock.now())).apiCalls == 0)
        }
    }

    @Test func aMeetingZoomHasNotFinalisedIsAskedAgainLater() async throws {
        let meeting = Self.meeting
        // Zoom has just ended it but answers `type=past` only once it is done (the simulator: after its end).
        let clock = SimulatedClock(meeting.end.addingTimeInterval(-60))
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: Self.scenario.options, clock: { clock.now() }), scenario: Self.scenario)
        try await simulator.withRunningServer { baseURL in
            let config = PluginHarness.config(baseURL: baseURL, source: .dashboard)
            let store = try ZoomDashStore(path: config.store.path)
            let start = Int64(meeting.start.timeIntervalSince1970)
            let end = Int64(meeting.end.timeIntervalSince1970) - 120
            try await store.upsertMeetings(
                [MeetingInstance(uuid: meeting.uuid, meetingID: meeting.id, topic: meeting.topic, startTime: start, endTime: end, source: .webhook)],
                monitored: { _ in true }, now: start)
            try await store.storeParticipants(meetingUUID: meeting.uuid, sessions: [], fetchedAt: end)
            let collector = try collector(config, store: store, live: false)
            let early = try await collector.collect(context(at: clock.now()))
            #expect(early.meetingsFetched == 0 && early.failures.isEmpty)
            #expect(try await store.meetingsAwaitingQuality(from: 0, to: .max).count == 1, "still waiting")
            clock.advance(600)
            #expect(try await collector.collect(context(at: clock.now())).meetingsFetched == 1)
            #expect(try await store.meetingsAwaitingQuality(from: 0, to: .max).isEmpty)
        }
    }

    @Test func withTheReportSourceItSaysWhyAndCallsNothing() async throws {
        let config = PluginHarness.config(baseURL: "http://127.0.0.1:9", source: .report)
        let store = try ZoomDashStore(path: config.store.path)
        let report = try await collector(config, store: store, live: true).collect(context(at: Date()))
        #expect(report.apiCalls == 0)
        #expect(report.notice?.contains("[zoom] source = \"report\"") == true)
    }
}

/// The simulator's wall clock, moved by the test.
final class SimulatedClock: Sendable {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
