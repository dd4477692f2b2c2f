import Crypto
import Foundation
import ZoomDashCore

/// Checks Zoom's webhook signature (docs/zoom-api-notes.md §6.2) and answers URL validation (§6.3).
///
/// `x-zm-signature` must equal `v0=` + hex HMAC-SHA256(secret, `v0:{x-zm-request-timestamp}:{raw body}`),
/// compared in constant time over the raw bytes, and the timestamp must be within the tolerance.
public struct WebhookVerifier: Sendable {
    public enum Verdict: Sendable, Equatable {
        case valid
        case missingSignature
        case badSignature
        case staleTimestamp
        /// No secret is configured: every request is refused (fail closed).
        case noSecret
    }

    private let key: SymmetricKey?
    /// HMAC state after absorbing the key: copied per request instead of re-deriving the key pads.
    private let keyedMAC: HMAC<SHA256>?
    public let toleranceSeconds: Int64

    public init(secretToken: String, toleranceSeconds: Int) {
        key = secretToken.isEmpty ? nil : SymmetricKey(data: Data(secretToken.utf8))
        keyedMAC = key.map { HMAC<SHA256>(key: $0) }
        self.toleranceSeconds = Int64(toleranceSeconds)
    }

    public var hasSecret: Bool { key != nil }

    public func verify(signature: String?, timestamp: String?, body: [UInt8], now: UnixSeconds) -> Verdict {
        guard var mac = keyedMAC else { return .noSecret }
        guard let signature, let timestamp, signature.hasPrefix("v0="), let expected = Self.hexBytes(signature.dropFirst(3)) else {
            return .missingSignature
        }
        Array("v0:\(timestamp):".utf8).withUnsafeBytes { mac.update(data: $0) }
        body.withUnsafeBytes { mac.update(data: $0) }
        // HashedAuthenticationCode's == against bytes compares in constant time.
        guard mac.finalize() == expected else { return .badSignature }
        // Zoom sends seconds; accept milliseconds too rather than reject a well-signed event.
        guard var sent = Int64(timestamp) else { return .staleTimestamp }
        if sent > 100_000_000_000 { sent /= 1000 }
        // Untrusted: `now - sent` can overflow (a signed Int64.min), so no trapping arithmetic here.
        let (difference, overflow) = now.subtractingReportingOverflow(sent)
        return !overflow && difference.magnitude <= UInt64(max(0, toleranceSeconds)) ? .valid : .staleTimestamp
    }

    /// The `x-zm-signature` Zoom would send for `body` at `timestamp` with this secret; nil without
    /// one. For self-tests (`zoomdashctl doctor`): the value ``verify(signature:timestamp:body:now:)``
    /// accepts.
    public func signature(timestamp: String, body: [UInt8]) -> String? {
        guard var mac = keyedMAC else { return nil }
        Array("v0:\(timestamp):".utf8).withUnsafeBytes { mac.update(data: $0) }
        body.withUnsafeBytes { mac.update(data: $0) }
        return "v0=" + mac.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The `endpoint.url_validation` answer: `{"plainToken": …, "encryptedToken": hex HMAC(secret, plainToken)}`.
    public func urlValidationResponse(plainToken: String) -> [UInt8]? {
        guard let key else { return nil }
        let code = HMAC<SHA256>.authenticationCode(for: Data(plainToken.utf8), using: key)
        let hex = code.map { String(format: "%02x", $0) }.joined()
        // Every character we echo is escaped (control characters included): the answer is always JSON.
        return Array(#"{"plainToken":\#(ExportTable.jsonString(plainToken)),"encryptedToken":"\#(hex)"}"#.utf8)
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in 0..<32 {
            guard let high = nibble(digits[2 * index]), let low = nibble(digits[2 * index + 1]) else { return nil }
            bytes[index] = high << 4 | low
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
