import Logging
import ZoomDashCollectors
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashSinks

/// The webhook live source: decides the answer to one webhook request, handing each verified event to
/// the ingest and saying 2xx only once it is stored. Kept free of HTTP-framework types so it reads as
/// the protocol it implements: verify, parse, answer validation, store durably, then 2xx. (It runs on
/// the daemon's HTTP listener, on the event loop through ``WebhookChannelHandler`` and through the
/// router otherwise; sources with a life of their own are ``LiveEventSource`` plugins.)
struct WebhookEndpoint: Sendable {
    struct Answer: Sendable, Equatable {
        var status: Int
        var body: [UInt8]
        var outcome: ZoomDashMetrics.WebhookOutcome
    }

    /// What a request needs: an answer now, or its event stored first.
    enum Decision: Sendable {
        case answer(Answer)
        case store(WebhookRecord)
    }

    static let maxBodyBytes = 1 << 20

    let runtime: Runtime
    let ingest: any LiveEventIngest

    func handle(signature: String?, timestamp: String?, body: [UInt8]) async -> Answer {
        switch decide(signature: signature, timestamp: timestamp, body: body) {
        case .answer(let answer): return answer
        case .store(let record):
            do {
                return answer(storing: record, .success(try await ingest.ingest(record)))
            } catch {
                return answer(storing: record, .failure(error))
            }
        }
    }

    /// Verifies and parses a request: everything but the store, so it can run where the request was read.
    func decide(signature: String?, timestamp: String?, body: [UInt8]) -> Decision {
        let verifier = runtime.verifier
        switch verifier.verify(signature: signature, timestamp: timestamp, body: body, now: Runtime.now()) {
        case .noSecret:
            // Fail closed, but with a 503 so Zoom retries the event once the secret is configured.
            return .answer(Self.answer(503, "webhook secret token is not configured", .noSecret))
        case .missingSignature:
            return .answer(Self.answer(401, "missing or malformed x-zm-signature / x-zm-request-timestamp", .badSignature))
        case .badSignature:
            return .answer(Self.answer(401, "signature does not match", .badSignature))
        case .staleTimestamp:
            return .answer(Self.answer(401, "x-zm-request-timestamp is too far from now", .stale))
        case .valid:
            break
        }
        let record: WebhookRecord
        do {
            record = try WebhookParser.parse(body)
        } catch {
            return .answer(Self.answer(400, "\(error)", .malformed))
        }
        if record.kind == .urlValidation {
            guard let token = record.plainToken, let response = verifier.urlValidationResponse(plainToken: token) else {
                return .answer(Self.answer(400, "endpoint.url_validation without payload.plainToken", .malformed))
            }
            return .answer(Answer(status: 200, body: response, outcome: .urlValidation))
        }
        return .store(record)
    }

    /// The answer once the ingest has stored `record`, or failed to.
    func answer(storing record: WebhookRecord, _ result: Result<IngestOutcome, any Error>) -> Answer {
        switch result {
        case .success(.stored): return Self.accepted
        case .success(.duplicate): return Self.duplicate
        case .failure(CollectorError.shuttingDown):
            // Expected while stopping: Zoom retries it against the restarted daemon.
            runtime.logger.notice("refused a webhook event while shutting down; Zoom will retry it", metadata: ["webhook.event": "\(record.event)"])
            return Self.answer(503, "shutting down; retry later", .unavailable)
        case .failure(let error):
            runtime.logger.error("could not store a webhook event; Zoom will retry it", metadata: ["error": "\(error)", "webhook.event": "\(record.event)"])
            return Self.answer(503, "event could not be stored; retry later", .unavailable)
        }
    }

    private static let accepted = answer(200, nil, .accepted)
    private static let duplicate = answer(200, nil, .duplicate)

    static func answer(_ status: Int, _ error: String?, _ outcome: ZoomDashMetrics.WebhookOutcome) -> Answer {
        let text = error.map { #"{"error":"\#(ExportTable.jsonString($0).dropFirst().dropLast())"}"# } ?? #"{"status":"ok"}"#
        return Answer(status: status, body: Array(text.utf8), outcome: outcome)
    }
}
