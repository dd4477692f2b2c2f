import Foundation
import Testing
import ZoomDashCollectors

/// docs/zoom-api-notes.md §8 test vectors.
@Suite struct WebhookVerifierTests {
    @Test(arguments: [
        ("secret", "1697204592920", #"{"foo": "bar"}"#, "v0=4fbb75111d585a4c58bc193aba49b007ddd7170f9191b0286d9413c1a07a44e8"),
        ("secret", "1697204592920", #"{"foo":"bar"}"#, "v0=f46042d159828f787589618793a3f535b54de02da06ea660545e46c8960b70bf"),
        ("secretValueTest", "1654503849", #"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}"#, "v0=f7b7dcfa8b11d7f5e1102e1dd720ffbf30762dbf79e9668b3c11b66898d36d9c"),
    ])
    func acceptsTheReferenceSignatures(secret: String, timestamp: String, body: String, signature: String) {
        let verifier = WebhookVerifier(secretToken: secret, toleranceSeconds: 300)
        var now = Int64(timestamp)!
        if now > 100_000_000_000 { now /= 1000 }
        #expect(verifier.verify(signature: signature, timestamp: timestamp, body: Array(body.utf8), now: now) == .valid)
        #expect(verifier.verify(signature: signature, timestamp: timestamp, body: Array((body + " ").utf8), now: now) == .badSignature)
        #expect(verifier.verify(signature: signature, timestamp: timestamp, body: Array(body.utf8), now: now + 301) == .staleTimestamp)
    }

    @Test func refusesMissingOrMalformedSignaturesAndFailsClosedWithoutASecret() {
        let verifier = WebhookVerifier(secretToken: "secret", toleranceSeconds: 300)
        #expect(verifier.verify(signature: nil, timestamp: "1", body: [], now: 1) == .missingSignature)
        #expect(verifier.verify(signature: "v1=abc", timestamp: "1", body: [], now: 1) == .missingSignature)
        #expect(verifier.verify(signature: "v0=zz", timestamp: "1", body: [], now: 1) == .missingSignature)
        #expect(WebhookVerifier(secretToken: "", toleranceSeconds: 300).verify(signature: "v0=", timestamp: "1", body: [], now: 1) == .noSecret)
    }

    @Test func answersURLValidation() {
        let verifier = WebhookVerifier(secretToken: "secretValueTest", toleranceSeconds: 300)
        let answer = String(decoding: verifier.urlValidationResponse(plainToken: "qgg8vlvZRS6UYooatFL8Aw")!, as: UTF8.self)
        #expect(answer == #"{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"70c1f2e2e6ca2d39297490d1f9142c7d701415ea8e6151f6562a08fa657a40ff"}"#)
    }
}
