import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashSinks
import ZoomDashStorage

/// The daemon's HTTP surface: the Zoom webhook, `/metrics` and `/healthz`.
enum HTTPServer {
    static let signature = HTTPField.Name("x-zm-signature")!
    static let timestamp = HTTPField.Name("x-zm-request-timestamp")!

    static func make(
        runtime: Runtime, endpoint: WebhookEndpoint, onListening: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        let config = runtime.current.config
        let router = Router(context: BasicRequestContext.self)
        router.post(RouterPath(config.webhook.path)) { request, _ -> Response in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: WebhookEndpoint.maxBodyBytes)
            } catch {
                runtime.metrics.webhookRequest(.tooLarge)
                return json(413, #"{"error":"body larger than 1 MiB"}"#)
            }
            var signed: (signature: String?, timestamp: String?) = (nil, nil)
            for field in request.headers {
                if field.name == signature { signed.signature = field.value } else if field.name == timestamp { signed.timestamp = field.value }
            }
            let answer = await endpoint.handle(signature: signed.signature, timestamp: signed.timestamp, body: Array(buffer: body))
            runtime.metrics.webhookRequest(answer.outcome)
            return Response(
                status: .init(code: answer.status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: runtime.metrics.render())))
        }
        router.get("/healthz") { _, _ -> Response in
            let problems = await Health.problems(runtime)
            if problems.isEmpty { return json(200, #"{"status":"ok"}"#) }
            let reasons = problems.map { ExportTable.jsonString($0) }.joined(separator: ",")
            return json(503, #"{"status":"unhealthy","reasons":[\#(reasons)]}"#)
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(config.http.host, port: config.http.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? config.http.port) },
            logger: runtime.logger)
    }

    private static func json(_ status: Int, _ text: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// `/healthz`: a probe write and the collectors' last successes, judged by ``HealthCheck``.
enum Health {
    static func problems(_ runtime: Runtime) async -> [String] {
        var storeError: (any Error)?
        do {
            try await runtime.store.probeWritable()
        } catch {
            storeError = error
        }
        let lastSuccess = (try? await runtime.store.lastSuccessfulRuns()) ?? [:]
        return HealthCheck(collectors: runtime.current.config.collectorSchedules, startedAt: runtime.startedAt)
            .problems(storeError: storeError, lastSuccess: lastSuccess, now: Runtime.now())
    }
}
