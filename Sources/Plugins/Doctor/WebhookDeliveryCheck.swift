import Foundation
import Logging
import ZoomDashCollectors
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage

/// `webhook.delivery`: a test event signed with the configured secret goes through the daemon's own
/// steps (``WebhookVerifier``, ``WebhookParser``, the group-commit ``WebhookIngestor``) into a store in
/// memory: accepted once, its repeat recognised as a duplicate, a forged signature and a stale
/// timestamp refused. Nothing reaches the real store, and no Zoom is involved.
struct WebhookDeliveryCheck: DoctorProbe {
    static let id = "webhook.delivery"
    let secretToken: String
    let toleranceSeconds: Int
    let now: @Sendable () -> Double

    struct Failure: Error {
        var detail: String
        var fix: String?
    }

    func examine() async -> DoctorCheck {
        let title = "Webhook test delivery"
        guard !secretToken.isEmpty else { return .skipped(Self.id, title, "no webhook secret to sign with (see Webhook secret)") }
        do {
            try await deliver()
        } catch let failure as Failure {
            return .problem(Self.id, title, failure.detail, fix: failure.fix)
        } catch {
            return .problem(Self.id, title, "the test delivery failed: \(error)", fix: "please report this to zoomdash with the message above")
        }
        return .ok(
            Self.id, title,
            "a test event signed with the secret passed verification and was stored once (in memory, not in the store); "
                + "its repeat was taken as a duplicate, a forged signature and a stale timestamp were refused",
            facts: ["first": "stored", "repeat": "duplicate", "forged": "refused", "stale": "refused"])
    }

    private func deliver() async throws {
        let verifier = WebhookVerifier(secretToken: secretToken, toleranceSeconds: toleranceSeconds)
        let time = Int64(now())
        let body = Array(Self.testEvent(at: time).utf8)
        let timestamp = String(time)
        guard let signature = verifier.signature(timestamp: timestamp, body: body) else { throw Failure(detail: "the secret could not be used") }
        let verdict = verifier.verify(signature: signature, timestamp: timestamp, body: body, now: time)
        guard verdict == .valid else {
            throw Failure(detail: "a correctly signed event was refused (\(verdict))", fix: "please report this to zoomdash")
        }
        var forged = signature
        forged.removeLast()
        forged.append(signature.last == "0" ? "1" : "0")
        guard verifier.verify(signature: forged, timestamp: timestamp, body: body, now: time) == .badSignature else {
            throw Failure(detail: "a forged signature was not refused", fix: "please report this to zoomdash")
        }
        let old = String(time - Int64(toleranceSeconds) - 60)
        let stale = verifier.signature(timestamp: old, body: body)
        guard verifier.verify(signature: stale, timestamp: old, body: body, now: time) == .staleTimestamp else {
            throw Failure(detail: "an event signed \(toleranceSeconds + 60) s ago was not refused as stale", fix: "please report this to zoomdash")
        }
        guard verifier.urlValidationResponse(plainToken: "zoomdash-doctor") != nil else {
            throw Failure(detail: "Zoom's endpoint validation could not be answered", fix: "please report this to zoomdash")
        }
        let record: WebhookRecord
        do {
            record = try WebhookParser.parse(body)
        } catch {
            throw Failure(detail: "the test event could not be parsed: \(error)", fix: "please report this to zoomdash")
        }
        let store = try ZoomDashStore(path: ":memory:")
        let ingestor = WebhookIngestor(store: store, monitored: { _ in false }, now: { time }, onCommitted: { _ in })
        let committer = Task { try await ingestor.run() }
        let outcomes: Result<(IngestOutcome, IngestOutcome), any Error>
        do {
            let first = try await ingestor.ingest(record)
            outcomes = .success((first, try await ingestor.ingest(record)))
        } catch {
            outcomes = .failure(error)
        }
        committer.cancel()
        _ = await committer.result
        let (first, repeated) = try outcomes.get()
        guard first == .stored, repeated == .duplicate else {
            throw Failure(detail: "the test event was \(first), its repeat \(repeated) (expected stored, then duplicate)", fix: "please report this to zoomdash")
        }
    }

    /// A `meeting.participant_joined` of a meeting that exists nowhere, in Zoom's shape.
    static func testEvent(at time: Int64) -> String {
        let iso = ZoomTime.iso8601(time)
        return #"{"event":"meeting.participant_joined","event_ts":\#(time * 1000),"payload":{"account_id":"zoomdash-doctor","object":{"#
            + #""uuid":"zoomdash-doctor-test==","id":"1","type":2,"topic":"zoomdash doctor test delivery","host_id":"zoomdash-doctor","#
            + #""start_time":"\#(iso)","participant":{"user_id":"1","user_name":"zoomdash doctor","id":"","participant_uuid":"zoomdash-doctor-test","#
            + #""email":"","join_time":"\#(iso)"}}}}"#
    }
}
