import Crypto
import Foundation

/// Zoom webhook signing (docs/zoom-api-notes.md §6.2, §6.3).
///
/// `x-zm-signature = "v0=" + hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"))`, with
/// `x-zm-request-timestamp` in Unix seconds. The CRC answer to `endpoint.url_validation` is
/// `encryptedToken = hex(HMAC-SHA256(secret, plainToken))`.
public struct WebhookSigner: Sendable {
    public let secret: String

    public init(secret: String) {
        self.secret = secret
    }

    /// The `x-zm-signature` value for a raw body.
    public func signature(timestamp: String, body: Data) -> String {
        var message = Data("v0:\(timestamp):".utf8)
        message.append(body)
        return "v0=" + hmacHex(message)
    }

    public func signature(timestamp: String, body: String) -> String {
        signature(timestamp: timestamp, body: Data(body.utf8))
    }

    /// Constant-time comparison against a received `x-zm-signature`.
    public func isValid(signature received: String, timestamp: String, body: Data) -> Bool {
        let expected = Array(signature(timestamp: timestamp, body: body).utf8)
        let actual = Array(received.utf8)
        guard expected.count == actual.count else { return false }
        return zip(expected, actual).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// `encryptedToken` for an `endpoint.url_validation` request.
    public func encryptedToken(plainToken: String) -> String {
        hmacHex(Data(plainToken.utf8))
    }

    /// The full CRC response body `{"plainToken":…,"encryptedToken":…}`.
    public func urlValidationResponse(plainToken: String) -> String {
        JSONValue.object([
            ("plainToken", .string(plainToken)),
            ("encryptedToken", .string(encryptedToken(plainToken: plainToken))),
        ]).serialized()
    }

    /// Headers Zoom sends with a webhook POST (zoom/webhook-sample README), signed for `now`.
    public func headers(body: Data, now: Date, trackingID: String) -> [(name: String, value: String)] {
        let timestamp = String(Int(now.timeIntervalSince1970.rounded(.down)))
        return [
            ("content-type", "application/json; charset=utf-8"),
            ("user-agent", "Zoom Marketplace/1.0a"),
            ("x-zm-request-timestamp", timestamp),
            ("x-zm-signature", signature(timestamp: timestamp, body: body)),
            ("x-zm-trackingid", trackingID),
        ]
    }

    private func hmacHex(_ data: Data) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
