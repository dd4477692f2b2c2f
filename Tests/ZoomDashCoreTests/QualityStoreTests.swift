import Foundation
import Testing
import ZoomDashCore
@testable import ZoomDashStorage

/// QoS in the store: exact round trips, idempotent fetches, refusal of bad input without a partial
/// write, retention that keeps the summaries, and the analysis reading it.
@Suite(.timeLimit(.minutes(5))) struct QualityStoreTests {
    func meeting(_ uuid: String, start: UnixSeconds = 0) -> MeetingInstance {
        MeetingInstance(uuid: uuid, meetingID: 1, topic: "Class 7B", startTime: start, endTime: start + 3600, source: .dashboard)
    }

    /// A healthy minute with every figure Zoom gives, and a poor one for `poorMinutes`.
    func samples(_ who: String, meeting: String = "M1", minutes: ClosedRange<Int64>, poorMinutes: Set<Int64> = []) -> [QualitySample] {
        minutes.map { index in
            let poor = poorMinutes.contains(index)
            var sample = QualitySample(meetingUUID: meeting, participantKey: "name:" + who, minute: index * 60)
            sample[.audioInput] = ChannelQuality(
                latencyMs: poor ? 640 : 126, jitterMs: 3, avgLossPercent: 0.03, maxLossPercent: 0.4, bitrateKbps: 27.15)
            sample[.audioOutput] = ChannelQuality(latencyMs: 80, jitterMs: 0, avgLossPercent: 0, maxLossPercent: 0, bitrateKbps: 40.5)
            sample[.videoInput] = ChannelQuality(latencyMs: 90, bitrateKbps: 1234.56, frameRate: 12.5, width: 1280, height: 720)
            sample.cpu = CPUUsage(zoomMin: 0, zoomAvg: 4.25, zoomMax: 12, systemMax: 31)
            return sample
        }
    }

    @Test func samplesRoundTripExactlyInTheirFixedUnits() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        try await store.upsertMeetings([meeting("M1")], monitored: { _ in true }, now: 10)
        var stored = samples("ann", minutes: 0...2, poorMinutes: [1])
        stored[0][.videoOutput] = ChannelQuality(latencyMs: -1)
        stored[2] = QualitySample(meetingUUID: "M1", participantKey: "name:ann", minute: 120, channels: [ChannelQuality(jitterMs: 7)])
        try await store.storeQuality(meetingUUID: "M1", samples: stored, final: true, settings: QualitySettings(), fetchedAt: 10)
        #expect(try await store.qualitySamples(meetingUUID: "M1") == stored)
    }

    @Test func aSecondFetchOfTheSameMeetingChangesNothing() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        try await store.upsertMeetings([meeting("M1")], monitored: { _ in true }, now: 10)
        try await store.storeParticipants(meetingUUID: "M1", sessions: [session("ann", 0, 3600)], fetchedAt: 10)
        let all = samples("ann", minutes: 0...44, poorMinutes: [5, 6]) + samples("bo", minutes: 0...44)
        let first = try await store.storeQuality(meetingUUID: "M1", samples: all, final: true, settings: QualitySettings(), fetchedAt: 11)
        let second = try await store.storeQuality(meetingUUID: "M1", samples: all, final: true, settings: QualitySettings(), fetchedAt: 12)
        #expect(first == second)
        #expect(first.participantMinutes == 90 && first.poorMinutes == 2)
        let records = try await store.qualityRecords()
        #expect(records.map(\.poorMinutes) == [2])
        #expect(records.first?.worstCause == "audio_input.latency")
        #expect(try await store.qualityMinuteTotals().total == 90, "the counters are replaced, not added to")
        #expect(try await store.meetingsAwaitingQuality(from: 0, to: 10_000).isEmpty)
    }

    @Test func samplesOfAnotherMeetingAreRefusedAndNothingIsWritten() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        try await store.upsertMeetings([meeting("M1"), meeting("M2")], monitored: { _ in true }, now: 10)
        let mixed = samples("ann", minutes: 0...1) + samples("bo", meeting: "M2", minutes: 0...1)
        await #expect(throws: StoreError.self) {
            try await store.storeQuality(meetingUUID: "M1", samples: mixed, final: true, settings: QualitySettings(), fetchedAt: 10)
        }
        #expect(try await store.qualitySamples(meetingUUID: "M1").isEmpty)
        #expect(try await store.qualitySamples(meetingUUID: "M2").isEmpty)
    }

    @Test func aParticipantMinuteTakesLittleSpace() async throws {
        let path = StoreTests.temporaryStorePath()
        let store = try ZoomDashStore(path: path)
        var all: [QualitySample] = []
        for meetingIndex in 0..<20 {
            for person in 0..<30 { all += samples("p\(person)", meeting: "M\(meetingIndex)", minutes: 0...44) }
        }
        try await store.insertQualitySamples(all)
        _ = try await store.checkpointWAL()
        let bytes = try await store.tableBytes(["qos_samples", "qos_series", "sqlite_autoindex_qos_series_1"])
        #expect(Double(bytes) / Double(all.count) <= 120, "\(Double(bytes) / Double(all.count)) bytes per participant-minute")
    }

    @Test func expiredSamplesLeaveTheSummaryAndTheExplanations() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        try await store.upsertMeetings([meeting("OLD", start: 0), meeting("NEW", start: 200 * 86_400)], monitored: { _ in true }, now: 10)
        let sessions = (0..<5).flatMap { [session("p\($0)", 0, 1800, networkDrop, meeting: "OLD"), session("p\($0)", 1830, 3600, hostEnded, meeting: "OLD")] }
        try await store.storeParticipants(meetingUUID: "OLD", sessions: sessions, fetchedAt: 10)
        let quality = (0..<5).flatMap { samples("p\($0)", meeting: "OLD", minutes: 0...59, poorMinutes: [29]) }
        try await store.storeQuality(meetingUUID: "OLD", samples: quality, final: true, settings: QualitySettings(), fetchedAt: 10)
        try await store.storeQuality(
            meetingUUID: "NEW", samples: samples("ann", meeting: "NEW", minutes: 4800...4810), final: true, settings: QualitySettings(), fetchedAt: 10)
        let before = try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store)
        #expect(before.qualityMeetings == 2)
        let incidentsBefore = try await store.incidentRecords()
        #expect(incidentsBefore.map(\.cause) == [.localNetwork])

        #expect(try await store.pruneQualitySamples(startedBefore: 100 * 86_400, now: 20) == 300)
        #expect(try await store.qualitySamples(meetingUUID: "OLD").isEmpty)
        #expect(try await store.qualitySamples(meetingUUID: "NEW").count == 11)
        try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store)
        #expect(try await store.qualityRecords().map(\.poorMinutes) == [5, 0])
        #expect(try await store.incidentRecords() == incidentsBefore, "the timelines kept explain the drops as before")
        #expect(try await store.disconnectionRecords().allSatisfy { $0.qualityBefore == .poor })
    }

    @Test func aMeetingEndedWebhookQueuesOneFetchForMonitoredMeetingsOnly() async throws {
        let store = try ZoomDashStore(path: StoreTests.temporaryStorePath())
        func ended(_ uuid: String, _ topic: String) throws -> WebhookRecord {
            try webhookRecord(
                #"{"event":"meeting.ended","event_ts":1,"payload":{"object":{"uuid":"\#(uuid)","id":"5","topic":"\#(topic)","start_time":"2026-11-20T08:00:00Z","end_time":"2026-11-20T08:45:00Z"}}}"#)
        }
        let records = [try ended("M1", "Class 7B"), try ended("M1", "Class 7B"), try ended("M2", "Staff chat")]
        _ = try await store.commitWebhookRecords(records, receivedAt: 10, monitored: { $0.topic.hasPrefix("Class") })
        let end = ZoomTime.parse("2026-11-20T08:45:00Z")!
        #expect(try await store.dueTriggeredFetches(endedBy: end - 1).isEmpty)
        #expect(try await store.dueTriggeredFetches(endedBy: end) == ["M1"])
        try await store.clearTriggeredFetches(["M1"])
        #expect(try await store.dueTriggeredFetches(endedBy: end + 600).isEmpty)
    }
}

@Suite struct IncidentEvidenceCodecTests {
    @Test func roundTripsAndRefusesWhatItDidNotWrite() {
        var evidence = IncidentEvidence(qualityCause: .localNetwork)
        evidence.droppedWithData = 7
        evidence.droppedPoor = 5
        evidence.othersWithData = 20
        evidence.othersPoor = 1
        evidence.dataCentres = ["Germany (FR)", "United States (SC Top)"]
        evidence.alerts = ["Unstable audio quality"]
        evidence.meetingUUIDs = ["/ab==", "c//d"]
        let text = ZoomDashStore.evidenceText(evidence)
        #expect(ZoomDashStore.evidence(text) == evidence)
        #expect(ZoomDashStore.evidence(ZoomDashStore.evidenceText(IncidentEvidence())) == IncidentEvidence())
        #expect(ZoomDashStore.evidence("{}") == IncidentEvidence(), "rows of before schema 6")
        #expect(ZoomDashStore.evidence("e1\u{1E}x") == IncidentEvidence())
    }

    @Test func separatorsInsideTheTextsAreDroppedEvenBeforeACombiningMark() {
        var evidence = IncidentEvidence(qualityCause: .unknown)
        // One Character ("\u{1E}\u{301}"), but its first scalar is the field separator's byte.
        evidence.alerts = ["Unstable\u{1E}\u{301} audio", "a\u{1F}b", "Ünïcödé 音声"]
        let decoded = ZoomDashStore.evidence(ZoomDashStore.evidenceText(evidence))
        #expect(decoded.alerts == ["Unstable\u{301} audio", "ab", "Ünïcödé 音声"])
    }
}
