import Foundation
import ZoomDashCore
import ZoomDashStorage

/// One school day of QoS: 1,000 classes × 30 people × 45 minutes = 1.35 M participant-minutes.
/// Measures the insert rate, the bytes per participant-minute on disk, and the analysis of the day
/// (every meeting's summary from its raw samples, then drops and incidents explained by them).
enum QualityBench {
    static let meetings = 1_000
    static let people = 30
    static let minutes = 45

    static func run() async throws {
        let path = NSTemporaryDirectory() + "zoomdash-bench-qos-\(getpid()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let store = try ZoomDashStore(path: path)
        var random = SyntheticSessions()
        var inserted = 0
        var insertSeconds = 0.0
        for index in 0..<meetings {
            let (meeting, sessions, samples) = day(index, random: &random)
            try await store.upsertMeetings([meeting], monitored: { _ in true }, now: meeting.startTime)
            try await store.storeParticipants(meetingUUID: meeting.uuid, sessions: sessions, fetchedAt: meeting.startTime)
            let (_, seconds) = try await measure { try await store.insertQualitySamples(samples) }
            insertSeconds += seconds
            inserted += samples.count
        }
        _ = try await store.checkpointWAL()
        let sampleBytes = try await store.tableBytes(["qos_samples", "qos_series", "sqlite_autoindex_qos_series_1"])
        let insertMemory = Machine.peakMemoryMiB
        let (summary, analysisSeconds) = try await measure {
            try await AnalysisRunner(thresholds: AnalysisThresholds()).reanalyseAll(in: store)
        }
        let quality = try await store.qualityRecords()
        let incidents = try await store.incidentRecords()
        let summaryBytes = try await store.tableBytes(["quality_participants", "quality_meetings", "sqlite_autoindex_quality_meetings_1"])
        report("qos", [
            ("participant_minutes", "\(inserted)"), ("insert_seconds", format(insertSeconds)),
            ("insert_per_s", format(Double(inserted) / insertSeconds, 0)),
            ("bytes_per_participant_minute", format(Double(sampleBytes) / Double(inserted), 1)),
            ("summary_bytes_per_participant_minute", format(Double(summaryBytes) / Double(inserted), 1)),
            ("analysis_seconds", format(analysisSeconds)), ("meetings", "\(summary.qualityMeetings)"),
            ("poor_minutes", "\(quality.reduce(0) { $0 + $1.poorMinutes })"),
            ("incidents_local_network", "\(incidents.filter { $0.cause == .localNetwork }.count)"),
            ("incidents_zoom_or_shared", "\(incidents.filter { $0.cause == .zoomOrShared }.count)"),
            ("peak_rss_mib_insert", format(insertMemory, 0)), ("peak_rss_mib", format(Machine.peakMemoryMiB, 0)),
        ])
    }

    /// A 45-minute class: everyone healthy but for a few poor minutes (1 %); every 10th class has eight
    /// people dropping together, half of those classes after poor minutes (their network), at a minute
    /// no other class of the hour drops in (so they are meeting-level incidents, not a Zoom bad moment).
    static func day(_ index: Int, random: inout SyntheticSessions) -> (MeetingInstance, [ParticipantSession], [QualitySample]) {
        let uuid = "Q\(index)"
        let start = UnixSeconds(1_790_000_000 + (index / 50) * 3600)
        let end = start + UnixSeconds(minutes * 60)
        let meeting = MeetingInstance(uuid: uuid, meetingID: Int64(index), topic: "Class \(index)", startTime: start, endTime: end, source: .dashboard)
        let collective = index % 10 == 0
        let local = (index / 10) % 2 == 0
        let dropMinute = 10 + (index / 10) % 30
        var sessions: [ParticipantSession] = []
        var samples: [QualitySample] = []
        samples.reserveCapacity(people * minutes)
        for person in 0..<people {
            let key = "uuid:P\(index)-\(person)"
            let drops = collective && person < 8
            let dropAt = start + UnixSeconds(dropMinute * 60 + person)
            if drops {
                sessions.append(ParticipantSession(meetingUUID: uuid, participantKey: key, joinTime: start, leaveTime: dropAt, name: "P\(person)",
                    leaveReason: SyntheticSessions.reasons[1], source: .dashboard))
                sessions.append(ParticipantSession(meetingUUID: uuid, participantKey: key, joinTime: dropAt + 40, leaveTime: end, name: "P\(person)",
                    leaveReason: SyntheticSessions.reasons[0], source: .dashboard))
            } else {
                sessions.append(ParticipantSession(meetingUUID: uuid, participantKey: key, joinTime: start, leaveTime: end, name: "P\(person)",
                    leaveReason: SyntheticSessions.reasons[0], source: .dashboard))
            }
            for minute in 0..<minutes {
                let poor = (drops && local && (dropMinute - 2...dropMinute).contains(minute)) || random.next(100) == 0
                var sample = QualitySample(meetingUUID: uuid, participantKey: key, minute: start + UnixSeconds(minute * 60))
                let latency = poor ? 450 + Double(random.next(400)) : 20 + Double(random.next(100))
                sample[.audioInput] = ChannelQuality(
                    latencyMs: latency, jitterMs: Double(random.next(poor ? 90 : 12)), avgLossPercent: Double(random.next(poor ? 1500 : 80)) / 100,
                    maxLossPercent: Double(random.next(300)) / 100, bitrateKbps: 20 + Double(random.next(6000)) / 100)
                sample[.audioOutput] = ChannelQuality(
                    latencyMs: 20 + Double(random.next(100)), jitterMs: Double(random.next(12)), avgLossPercent: Double(random.next(80)) / 100,
                    maxLossPercent: Double(random.next(300)) / 100, bitrateKbps: 20 + Double(random.next(6000)) / 100)
                for channel in [QualityChannel.videoInput, .videoOutput] {
                    sample[channel] = ChannelQuality(
                        latencyMs: 20 + Double(random.next(100)), jitterMs: Double(random.next(12)), avgLossPercent: Double(random.next(80)) / 100,
                        maxLossPercent: Double(random.next(300)) / 100, bitrateKbps: 300 + Double(random.next(120_000)) / 100,
                        frameRate: 15 + Double(random.next(15)), width: 1280, height: 720)
                }
                sample.cpu = CPUUsage(zoomMin: 1, zoomAvg: Double(random.next(30)), zoomMax: Double(random.next(60)), systemMax: Double(random.next(90)))
                samples.append(sample)
            }
        }
        return (meeting, sessions, samples)
    }
}
