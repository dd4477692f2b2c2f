import Foundation
import Testing
import ZoomDashCore
import ZoomDashSinks
import ZoomDashStorage

@Suite struct MetricsTests {
    func render(_ metrics: ZoomDashMetrics) -> String { String(decoding: metrics.render(), as: UTF8.self) }

    @Test func aDropSeenByWebhookThenByZoomsRecordIsCountedOnce() {
        let metrics = ZoomDashMetrics(collectors: ["participants"])
        var totals = MetricTotals()
        totals.disconnects = [.init("network", "webhook"): 5]
        metrics.observe(totals)
        totals.disconnects = [.init("network", "dashboard"): 5]
        metrics.observe(totals)
        totals.disconnects = [.init("network", "dashboard"): 7]
        metrics.observe(totals)
        let text = render(metrics)
        #expect(text.contains(#"zoomdash_participant_disconnects_total{reason_class="network",source="webhook"} 5"#))
        #expect(text.contains(#"zoomdash_participant_disconnects_total{reason_class="network",source="dashboard"} 2"#))
    }

    @Test func countersSurviveARestartThroughTheStoreAndNeverGoDown() {
        let before = ZoomDashMetrics(collectors: ["participants"])
        before.webhookRequest(.accepted)
        before.webhookRequest(.accepted)
        var totals = MetricTotals()
        totals.saved = before.savedCounters()
        totals.incidents = ["meeting": 3]
        let after = ZoomDashMetrics(collectors: ["participants"])
        after.observe(totals)
        totals.incidents = ["meeting": 1]  // a re-analysis with stricter thresholds
        after.observe(totals)
        let text = render(after)
        #expect(text.contains(#"zoomdash_webhook_requests_total{outcome="accepted"} 2"#))
        #expect(text.contains(#"zoomdash_collective_incidents_total{scope="meeting"} 3"#))
        #expect(text.contains("# HELP zoomdash_live_meetings"))
    }

    @Test func callQualityIsShownAsItIsStoredWithFixedLabelsOnly() async throws {
        let store = try ZoomDashStore(path: PluginHarness.temporaryPath("zoomdash.sqlite"))
        try await store.upsertMeetings(
            [MeetingInstance(uuid: "M1", meetingID: 1, topic: "Class", startTime: 0, endTime: 3600, source: .dashboard)], monitored: { _ in true },
            now: Int64(Date().timeIntervalSince1970))
        var poor = QualitySample(meetingUUID: "M1", participantKey: "name:zebedee", minute: 60)
        poor[.videoOutput] = ChannelQuality(jitterMs: 90)
        let fine = QualitySample(meetingUUID: "M1", participantKey: "name:zebedee", minute: 120, channels: [ChannelQuality(latencyMs: 40)])
        try await store.storeQuality(meetingUUID: "M1", samples: [poor, fine], final: true, settings: QualitySettings(), fetchedAt: 10)
        let metrics = ZoomDashMetrics(collectors: ["participants", "qos"])
        metrics.observeQuality(try await store.qualityTotals(now: 3600, backlogDays: 30))
        let text = render(metrics)
        #expect(text.contains("zoomdash_quality_samples 2"))
        #expect(text.contains(#"zoomdash_quality_poor_samples{channel="video_output",metric="jitter"} 1"#))
        #expect(text.contains(#"zoomdash_quality_poor_samples{channel="audio_input",metric="latency"} 0"#))
        #expect(text.contains(#"zoomdash_incidents{scope="meeting",cause="local_network"} 0"#))
        #expect(text.contains("zoomdash_qos_backlog_meetings 0"))
        #expect(!text.contains("M1") && !text.contains("zebedee"), "no meeting ids or names as labels")
    }

    @Test func theRowsEachZohoSinkHoldsAreGaugesOfTheStoresCounts() async throws {
        let store = try ZoomDashStore(path: PluginHarness.temporaryPath("zoomdash.sqlite"))
        let rows = (1...3).map { ZoomDashStore.SinkRowState(keyHash: $0, rowHash: 0) }
        try await store.recordSinkRows(sink: "zoho", table: "disconnections", stored: rows, deleted: [])
        try await store.recordSinkRows(sink: "zoho", table: "incidents", stored: [rows[0]], deleted: [])
        try await store.recordSinkRows(sink: "backup", table: "incidents", stored: rows, deleted: [])
        let metrics = ZoomDashMetrics(collectors: [], sinks: ["zoho", "backup"])
        for (sink, tables) in try await store.sinkRowCounts() { metrics.observeSinkRows(of: sink, tables) }
        var text = render(metrics)
        #expect(text.contains(#"zoomdash_sink_rows{sink="zoho",table="disconnections"} 3"#), "\(text)")
        #expect(text.contains(#"zoomdash_sink_rows{sink="zoho",table="incidents"} 1"#))
        #expect(text.contains(#"zoomdash_sink_rows{sink="backup",table="incidents"} 3"#))

        // The remote table was replaced: its rows are forgotten, and the gauge says so.
        try await store.forgetSinkRows(sink: "zoho", table: "incidents")
        try await store.recordSinkRows(sink: "zoho", table: "disconnections", stored: [], deleted: [1])
        #expect(try await store.sinkRowCounts(sink: "zoho") == ["zoho": ["disconnections": 2]])
        metrics.observeSinkRows(of: "zoho", try await store.sinkRowCounts(sink: "zoho")["zoho"] ?? [:])
        text = render(metrics)
        #expect(text.contains(#"zoomdash_sink_rows{sink="zoho",table="disconnections"} 2"#))
        #expect(text.contains(#"zoomdash_sink_rows{sink="zoho",table="incidents"} 0"#))
        #expect(text.contains(#"zoomdash_sink_rows{sink="backup",table="incidents"} 3"#))
    }
}
