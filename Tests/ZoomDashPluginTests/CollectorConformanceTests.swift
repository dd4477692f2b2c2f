import Foundation
import Testing
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashZoomAPI
import ZoomSimKit

/// The contract of ``Collector`` (see `Collector.swift`), checked for every registered collector type
/// and every data source, against a real (in-process) zoomsim over HTTP.
@Suite(.timeLimit(.minutes(5)))
struct CollectorConformanceTests {
    static let cases: [(String, ParticipantSource)] = CollectorCatalog.standard.types.flatMap { type in
        PluginHarness.sources(for: type).map { (type, $0) }
    }

    @Test(arguments: cases)
    func isIdempotent(type: String, source: ParticipantSource) async throws {
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: PluginHarness.scenarioOptions))
        try await simulator.withRunningServer { baseURL in
            let config = PluginHarness.config(baseURL: baseURL, source: source)
            let store = try ZoomDashStore(path: config.store.path)
            try await PluginHarness.prepare(type, config: config, store: store)
            let collector = try PluginHarness.collector(type, config: config, store: store)
            let first = try await collector.collect(PluginHarness.context())
            #expect(first.meetingsFetched > 0)
            #expect(first.rowsAdded > 0)
            #expect(first.failures.isEmpty)
            let second = try await collector.collect(PluginHarness.context())
            #expect(second.rowsAdded == 0)
            #expect(second.meetingsFetched == 0)
        }
    }

    @Test(arguments: cases)
    func cancelledRunResumesWithoutLossOrDuplicates(type: String, source: ParticipantSource) async throws {
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: PluginHarness.scenarioOptions))
        try await simulator.withRunningServer { baseURL in
            let complete = PluginHarness.config(baseURL: baseURL, source: source)
            let reference = try ZoomDashStore(path: complete.store.path)
            try await PluginHarness.prepare(type, config: complete, store: reference)
            _ = try await PluginHarness.collector(type, config: complete, store: reference).collect(PluginHarness.context())

            let config = PluginHarness.config(baseURL: baseURL, source: source)
            let store = try ZoomDashStore(path: config.store.path)
            try await PluginHarness.prepare(type, config: config, store: store)
            let collector = try PluginHarness.collector(type, config: config, store: store)
            let (events, continuation) = AsyncStream.makeStream(of: CollectionProgress.self)
            let context = PluginHarness.context { continuation.yield($0) }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await collector.collect(context) }
                for await event in events where event.phase == .fetching && event.meetingsDone >= 2 {
                    group.cancelAll()
                    break
                }
            }
            continuation.finish()
            let resumed = try await collector.collect(PluginHarness.context())
            #expect(resumed.failures.isEmpty)
            let expected = try await reference.status()
            let actual = try await store.status()
            #expect(actual.participantSessions == expected.participantSessions)
            #expect(actual.meetingsAwaitingParticipants == 0)
            #expect(try await store.disconnectionRecords() == reference.disconnectionRecords())
            #expect(try await store.incidentRecords() == reference.incidentRecords())
            #expect(try await store.qualityRecords() == reference.qualityRecords())
            #expect(actual.qualityMinutes == expected.qualityMinutes)
        }
    }

    @Test(arguments: CollectorCatalog.standard.types)
    func badCredentialsThrowAndStoreNothing(type: String) async throws {
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: PluginHarness.scenarioOptions))
        try await simulator.withRunningServer { baseURL in
            let config = PluginHarness.config(baseURL: baseURL, source: .dashboard, secret: "wrong")
            let store = try ZoomDashStore(path: config.store.path)
            try await PluginHarness.prepare(type, config: PluginHarness.config(baseURL: baseURL, source: .dashboard), store: store)
            let before = try await store.status()
            let collector = try PluginHarness.collector(type, config: config, store: store)
            await #expect(throws: ZoomAPIError.self) { _ = try await collector.collect(PluginHarness.context()) }
            var after = try await store.status()
            after.storeBytes = before.storeBytes
            #expect(after == before, "nothing stored")
        }
    }
}
