import Logging
import ZoomDashCollectors
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashSinks

/// The webhook live source: decides the answer to one webhook request, handing each verified event to
/// the ingest and saying 2xx only once it is stored. Kept free of HTTP-framework types so it reads as
/// the protocol it implements: verify, parse, answer validation, store durably, then 2xx. (It runs on
/// the daemon's HTTP listener; sources with a life of their own are ``LiveEventSource`` plugins.)
struct WebhookEndpoint: Sendable {
    struct Answer: Sendable, Equatable {
        var status: Int
        var body: [UInt8]
        var outcome: ZoomDashMetrics.WebhookOutcome
    }

    static let maxBodyBytes = 1 << 20

    let runtime: Runtime
    let ingest: any LiveEventIngest

    func handle(signature: String?, timestamp: String?, body: [UInt8]) async -> Answer {
        let verifier = runtime.verifier
        switch verifier.verify(signature: signature, timestamp: timestamp, body: body, now: Runtime.now()) {
        case .noSecret:
            // Fail closed, but with a 503 so Zoom retries the event once the secret is configured.
            return Self.answer(503, "webhook secret token is not configured", .noSecret)
        case .missingSignature:
            return Self.answer(401, "missing or malformed x-zm-signature / x-zm-request-timestamp", .badSignature)
        case .badSignature:
            return Self.answer(401, "signature does not match", .badSignature)
        case .staleTimestamp:
            return Self.answer(401, "x-zm-request-timestamp is too far from now", .stale)
        case .valid:
            break
        }
        let record: WebhookRecord
        do {
            record = try WebhookParser.parse(body)
        } catch {
            return Self.answer(400, "\(error)", .malformed)
        }
        if record.kind == .urlValidation {
            guard let token = record.plainToken, let response = verifier.urlValidationResponse(plainToken: token) else {
                return Self.answer(400, "endpoint.url_validation without payload.plainToken", .malformed)
            }
            return Answer(status: 200, body: response, outcome: .urlValidation)
        }
        do {
            switch try await ingest.ingest(record) {
            case .stored: return Self.answer(200, nil, .accepted)
            case .duplicate: return Self.answer(200, nil, .duplicate)
            }
        } catch CollectorError.shuttingDown {
            // Expected while stopping: Zoom retries it against the restarted daemon.
            runtime.logger.notice("refused a webhook event while shutting down; Zoom will retry it", metadata: ["webhook.event": "\(record.event)"])
            return Self.answer(503, "shutting down; retry later", .unavailable)
        } catch {
            runtime.logger.error("could not store a webhook event; Zoom will retry it", metadata: ["error": "\(error)", "webhook.event": "\(record.event)"])
            return Self.answer(503, "event could not be stored; retry later", .unavailable)
        }
    }

    private static func answer(_ status: Int, _ error: String?, _ outcome: ZoomDashMetrics.WebhookOutcome) -> Answer {
        let text = error.map { #"{"error":"\#(ExportTable.jsonString($0).dropFirst().dropLast())"}"# } ?? #"{"status":"ok"}"#
        return Answer(status: status, body: Array(text.utf8), outcome: outcome)
    }
}
