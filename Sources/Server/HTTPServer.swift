import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashSinks
import ZoomDashStorage

/// The daemon's HTTP surface: the Zoom webhook, `/metrics` and `/healthz`, with the limits of
/// `[http]` (``ConnectionGuard``, timeouts, header size).
enum HTTPServer {
    static let signature = HTTPField.Name("x-zm-signature")!
    static let timestamp = HTTPField.Name("x-zm-request-timestamp")!

    static func make(
        runtime: Runtime, endpoint: WebhookEndpoint, ingestor: WebhookIngestor, onListening: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        let config = runtime.current.config
        let limits = config.http
        let router = Router(context: BasicRequestContext.self)
        // What WebhookChannelHandler leaves to the router: webhook requests out of the ordinary or pipelined.
        router.post(RouterPath(config.webhook.path)) { request, _ -> Response in
            // Announced too large: refused before a byte of it is buffered.
            if let length = request.headers[.contentLength].flatMap(Int.init), length > WebhookEndpoint.maxBodyBytes {
                runtime.metrics.webhookRequest(.tooLarge)
                return closing(json(413, #"{"error":"body larger than 1 MiB"}"#))
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: WebhookEndpoint.maxBodyBytes)
            } catch is NIOTooManyBytesError {
                runtime.metrics.webhookRequest(.tooLarge)
                return closing(json(413, #"{"error":"body larger than 1 MiB"}"#))
            } catch {
                runtime.metrics.webhookRequest(.malformed)
                return closing(json(400, #"{"error":"the body could not be read"}"#))
            }
            // A connection that closed mid-body ends the body early: not a bad signature, an incomplete request.
            if let length = request.headers[.contentLength].flatMap(Int.init), length != body.readableBytes {
                runtime.metrics.webhookRequest(.malformed)
                return closing(json(400, #"{"error":"the body is shorter than its Content-Length"}"#))
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
        let metrics: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            runtime.websockets.export(to: runtime.metrics.registry)
            let text = runtime.metrics.render()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .contentLength: "\(text.count)"],
                body: request.method == .head ? .init() : .init(byteBuffer: ByteBuffer(bytes: text)))
        }
        router.get("/metrics", use: metrics)
        router.head("/metrics", use: metrics)
        let health: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let problems = await Health.problems(runtime)
            let text: String
            if problems.isEmpty {
                text = #"{"status":"ok"}"#
            } else {
                text = #"{"status":"unhealthy","reasons":[\#(problems.map { ExportTable.jsonString($0) }.joined(separator: ","))]}"#
            }
            var response = json(problems.isEmpty ? 200 : 503, text)
            if request.method == .head { response.body = .init() }
            return response
        }
        router.get("/healthz", use: health)
        router.head("/healthz", use: health)
        let registry = ConnectionRegistry(limit: limits.maxConnections)
        let headerTimeout = TimeAmount.seconds(limits.headerTimeoutSeconds)
        let channel = HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                ConnectionGuard(registry: registry, headerTimeout: headerTimeout, bodyTimeout: .seconds(limits.bodyTimeoutSeconds))
            ],
            idleTimeout: .seconds(limits.idleTimeoutSeconds),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes, maxHeaderFieldCount: 100))
        let webhookPath = config.webhook.path
        return Application(
            router: router,
            server: HTTPServerBuilder { responder in
                WebhookHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: channel)) {
                    WebhookChannelHandler(endpoint: endpoint, ingestor: ingestor, path: webhookPath)
                }
            },
            configuration: ApplicationConfiguration(address: .hostname(config.http.host, port: config.http.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? config.http.port) },
            logger: runtime.logger)
    }

    /// An error answer after which the connection is closed (by ``ConnectionGuard``, once it is
    /// written): the rest of what the client sends is never read, and a socket left half-open with
    /// unread data would be held for as long as the client likes.
    private static func closing(_ response: Response) -> Response {
        var response = response
        response.headers[.connection] = "close"
        return response
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
        var storeError: (any Error)? = await runtime.storeProbe.result(now: Runtime.preciseNow()) {
            try await runtime.store.probeWritable(now: Runtime.now())
        }
        // What the webhooks met, not only this probe: a commit that failed since the last success.
        if storeError == nil, let failure = runtime.commits.failure { storeError = failure }
        runtime.metrics.storeWritable.set(storeError == nil ? 1.0 : 0.0)
        let lastSuccess = (try? await runtime.store.lastSuccessfulRuns()) ?? [:]
        return HealthCheck(collectors: runtime.current.config.collectorSchedules, startedAt: runtime.startedAt)
            .problems(storeError: storeError, lastSuccess: lastSuccess, now: Runtime.now())
            + runtime.websockets.problems(now: Runtime.preciseNow())
    }
}
