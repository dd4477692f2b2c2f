import Foundation
import ZoomDashCore

extension ZoomDashStore {
    /// Stores the QoS of one meeting and re-derives its quality summary, in one transaction with the
    /// mark that its analysis is due: a run killed at any moment leaves the meeting's QoS complete or
    /// untouched. `final` (Zoom's `type=past`) replaces every sample of the meeting and records that
    /// its QoS was fetched; a live fetch adds or replaces the minutes it brings.
    /// - Parameter samples: one per person and minute (``QualitySample/mergedByIdentity(_:)``).
    /// - Returns: the meeting's quality summary after the change.
    @discardableResult
    public func storeQuality(meetingUUID: String, samples: [QualitySample], final: Bool, settings: QualitySettings, fetchedAt: UnixSeconds)
        throws -> MeetingQuality
    {
        if let stray = samples.first(where: { $0.meetingUUID != meetingUUID }) {
            throw StoreError.inconsistentInput("a QoS sample of meeting \(stray.meetingUUID) was handed over with meeting \(meetingUUID)")
        }
        return try transaction(keepsLiveMemory: true) {
            if final { try deleteQualitySamplesWithoutTransaction(meetingUUID: meetingUUID) }
            try insertQualitySamplesWithoutTransaction(samples)
            let mark = try statement("UPDATE meetings SET \(final ? "qos_fetched_at" : "qos_live_fetched_at") = ? WHERE uuid = ?")
            mark.bind(1, fetchedAt)
            mark.bind(2, meetingUUID)
            try mark.run()
            let summary = try summariseQualityWithoutTransaction(meetingUUID: meetingUUID, settings: settings)
            try markAnalysisDueWithoutTransaction(meetingUUID: meetingUUID, now: fetchedAt)
            return summary
        }
    }

    /// Bulk insert of samples in one transaction, without summaries (the benchmark's path).
    public func insertQualitySamples(_ samples: [QualitySample]) throws {
        try transaction(keepsLiveMemory: true) { try insertQualitySamplesWithoutTransaction(samples) }
    }

    func insertQualitySamplesWithoutTransaction(_ samples: [QualitySample]) throws {
        let series = try statement("INSERT INTO qos_series(meeting_uuid, participant_key) VALUES (?, ?) ON CONFLICT DO UPDATE SET id = id RETURNING id")
        let insert = try statement("INSERT OR REPLACE INTO qos_samples(series, minute, figures) VALUES (?, ?, ?)")
        var ids: [String: Int64] = [:]
        var lastKey = ("", "")
        var lastID: Int64 = 0
        for sample in samples {
            if (sample.meetingUUID, sample.participantKey) != lastKey {
                let key = sample.meetingUUID + "\u{1}" + sample.participantKey
                if let id = ids[key] {
                    lastID = id
                } else {
                    series.bind(1, sample.meetingUUID)
                    series.bind(2, sample.participantKey)
                    guard try series.step() else { throw StoreError.inconsistentInput("no series id for a QoS sample") }
                    lastID = series.int64(0)
                    series.reset()
                    ids[key] = lastID
                }
                lastKey = (sample.meetingUUID, sample.participantKey)
            }
            insert.bind(1, lastID)
            insert.bind(2, sample.minute / 60)
            insert.bind(3, blob: QualitySampleCodec.encode(sample))
            try insert.run()
        }
    }

    private func deleteQualitySamplesWithoutTransaction(meetingUUID: String) throws {
        let delete = try statement("DELETE FROM qos_samples WHERE series IN (SELECT id FROM qos_series WHERE meeting_uuid = ?)")
        delete.bind(1, meetingUUID)
        try delete.run()
    }

    /// The raw samples of one meeting, ordered by person and minute.
    public func qualitySamples(meetingUUID: String) throws -> [QualitySample] {
        let query = try statement(
            """
            SELECT s.participant_key, q.minute, q.figures FROM qos_series s JOIN qos_samples q ON q.series = s.id
            WHERE s.meeting_uuid = ? ORDER BY s.participant_key, q.minute
            """)
        defer { query.reset() }
        query.bind(1, meetingUUID)
        var result: [QualitySample] = []
        while try query.step() {
            var sample = QualitySample(meetingUUID: meetingUUID, participantKey: query.text(0), minute: query.int64(1) * 60)
            try query.withBlob(2) { bytes throws(StoreError) in try QualitySampleCodec.decode(bytes, into: &sample) }
            result.append(sample)
        }
        return result
    }

    /// Re-derives one meeting's timelines and summary from its raw samples, unless the samples are
    /// gone (retention): the summary kept then is what they said. Keeps the poor-minute counters exact.
    @discardableResult
    func summariseQualityWithoutTransaction(meetingUUID: String, settings: QualitySettings) throws -> MeetingQuality {
        let samples = try qualitySamples(meetingUUID: meetingUUID)
        let old = try qualityTimelines(meetingUUID: meetingUUID)
        if samples.isEmpty, try qualityRawPruned(meetingUUID: meetingUUID) { return MeetingQuality(meetingUUID: meetingUUID, timelines: old) }
        let quality = MeetingQuality(meetingUUID: meetingUUID, timelines: QualityTimeline.timelines(of: samples, settings: settings))
        try countQualityMinutes(old, sign: -1)
        try countQualityMinutes(quality.participants.map(\.timeline), sign: 1)
        for sql in ["DELETE FROM quality_participants WHERE meeting_uuid = ?", "DELETE FROM quality_meetings WHERE meeting_uuid = ?"] {
            let delete = try statement(sql)
            delete.bind(1, meetingUUID)
            try delete.run()
        }
        guard quality.participantMinutes > 0 else { return quality }
        let meeting = try statement(
            "INSERT INTO quality_meetings(meeting_uuid, participant_minutes, poor_minutes, worst_cause) VALUES (?, ?, ?, ?)")
        meeting.bind(1, meetingUUID)
        meeting.bind(2, quality.participantMinutes)
        meeting.bind(3, quality.poorMinutes)
        meeting.bind(4, quality.worstCause?.description)
        try meeting.run()
        let participant = try statement(
            """
            INSERT INTO quality_participants(meeting_uuid, participant_key, minutes, poor_minutes, worst_cause, timeline)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for person in quality.participants {
            participant.bind(1, meetingUUID)
            participant.bind(2, person.participantKey)
            participant.bind(3, person.minutes)
            participant.bind(4, person.poorMinutes)
            participant.bind(5, person.worstCause?.description)
            participant.bind(6, blob: QualityTimelineCodec.encode(person.timeline))
            try participant.run()
        }
        return quality
    }

    private func qualityRawPruned(meetingUUID: String) throws -> Bool {
        let query = try statement("SELECT raw_pruned_at IS NOT NULL FROM quality_meetings WHERE meeting_uuid = ?")
        defer { query.reset() }
        query.bind(1, meetingUUID)
        return try query.step() && query.int64(0) == 1
    }

    /// `row_counts`: all participant-minutes with data (`quality_minutes`), and the poor ones by cause.
    private func countQualityMinutes(_ timelines: [QualityTimeline], sign: Int64) throws {
        guard !timelines.isEmpty else { return }
        var poor: [PoorCause: Int64] = [:]
        var total: Int64 = 0
        for timeline in timelines {
            total += Int64(timeline.minutes.count)
            for minute in timeline.minutes { if let cause = minute.poor { poor[cause, default: 0] += 1 } }
        }
        let add = try statement(
            "INSERT INTO row_counts(kind, a, b, n) VALUES (?, ?, ?, ?) ON CONFLICT (kind, a, b) DO UPDATE SET n = n + excluded.n")
        func count(_ kind: String, _ a: String, _ b: String, _ n: Int64) throws {
            add.bind(1, kind)
            add.bind(2, a)
            add.bind(3, b)
            add.bind(4, sign * n)
            try add.run()
        }
        try count("quality_minutes", "", "", total)
        for (cause, n) in poor { try count("quality_poor", cause.channel.zoomKey, cause.metric.zoomKey, n) }
    }

    /// The people of one meeting with QoS data, and their minutes.
    public func qualityTimelines(meetingUUID: String) throws -> [QualityTimeline] {
        let query = try statement("SELECT participant_key, timeline FROM quality_participants WHERE meeting_uuid = ?")
        defer { query.reset() }
        query.bind(1, meetingUUID)
        var result: [QualityTimeline] = []
        while try query.step() {
            let key = query.text(0)
            result.append(try query.withBlob(1) { bytes throws(StoreError) in try QualityTimelineCodec.decode(bytes, participantKey: key) })
        }
        return result
    }

    public func meetingAlerts(meetingUUID: String) throws -> [MeetingAlert] {
        let query = try statement("SELECT time, issue, text FROM meeting_alerts WHERE meeting_uuid = ? ORDER BY time")
        defer { query.reset() }
        query.bind(1, meetingUUID)
        var result: [MeetingAlert] = []
        while try query.step() {
            result.append(MeetingAlert(meetingUUID: meetingUUID, time: query.int64(0), issue: query.text(1), text: query.text(2)))
        }
        return result
    }
}
