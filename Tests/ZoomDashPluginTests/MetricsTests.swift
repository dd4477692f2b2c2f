import Foundation
import Testing
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
}
