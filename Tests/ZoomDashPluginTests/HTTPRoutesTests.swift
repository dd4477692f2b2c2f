import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashPlatform
@testable import ZoomDashServer
import ZoomDashSinks
import ZoomDashStorage
import ZoomSimKit


/// The daemon's routes, in-process: no socket, no child process.
@Suite(.timeLimit(.minutes(5))) struct HTTPRoutesTests {
    struct SilentNotifier: ServiceManagerNotifier {
        let watchdogInterval: Duration? = nil
        func ready(status: String) {}
        func status(_ text: String) {}
        func watchdog() {}
        func reloading() {}
        func stopping() {}
    }

    @Test func webhookMetricsAndHealthAnswerThroughTheRouter() async throws {
        var config = ZoomDashConfig()
        config.store.path = PluginHarness.temporaryPath("zoomdash.sqlite")
        config.webhook.secretToken = "route-secret"
        let store = try ZoomDashStore(path: config.store.path)
        let runtime = Runtime(
            config: config, configPath: nil, store: store, metrics: ZoomDashMetrics(collectors: []), notifier: SilentNotifier(),
            logger: PluginHarness.logger)
        let ingestor = WebhookIngestor(store: store, monitored: { _ in true }, now: Runtime.now, onCommitted: { _ in })
        let app = HTTPServer.make(runtime: runtime, endpoint: WebhookEndpoint(runtime: runtime, ingest: ingestor), ingestor: ingestor) { _ in }
        let body = #"{"event":"meeting.participant_joined","event_ts":1,"payload":{"object":{"uuid":"R1","id":"5","topic":"Class","start_time":"2026-11-20T08:00:00Z","participant":{"user_name":"Ann","participant_uuid":"P1","join_time":"2026-11-20T08:01:00Z"}}}}"#
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let signature = WebhookSigner(secret: "route-secret").signature(timestamp: timestamp, body: body)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await ingestor.run() }
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/zoom/webhook", method: .post,
                    headers: [.init("x-zm-signature")!: signature, .init("x-zm-request-timestamp")!: timestamp], body: .init(string: body)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
                }
                try await client.execute(uri: "/zoom/webhook", method: .post, body: .init(string: body)) { response in
                    #expect(response.status == .unauthorized, "unsigned")
                }
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains(#"zoomdash_webhook_requests_total{outcome="accepted"} 1"#))
                }
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok, "a young daemon gets the benefit of the doubt for its collectors")
                }
            }
            group.cancelAll()
        }
        #expect(try await store.analysisBacklog().meetings == 1, "the event was committed, and is due for analysis")
    }
}
