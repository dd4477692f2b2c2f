import Foundation

/// An incoming-webhook body decoded the way Mattermost's and Slack's handlers decode it.
struct ChatPayload: Sendable {
    /// The JSON text as the client sent it (after form decoding).
    let json: String
    let text: String?
    let hasAttachments: Bool
    let hasBlocks: Bool

    /// Form bodies carry the JSON in `payload=`; any other Content-Type, or none, is read as JSON.
    static func decode(body: String, contentType: String?) -> ChatPayload? {
        let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        let json = mediaType == "application/x-www-form-urlencoded"
            ? QueryParameters(Substring(body))["payload"] : body
        guard let json, let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            return nil
        }
        // Go's decoder rejects a non-string `text`; null is the same as absent.
        let rawText = object["text"]
        if let rawText, !(rawText is String), !(rawText is NSNull) { return nil }
        return ChatPayload(
            json: json, text: rawText as? String,
            hasAttachments: isPresent(object["attachments"]), hasBlocks: isPresent(object["blocks"]))
    }

    private static func isPresent(_ value: Any?) -> Bool {
        guard let value else { return false }
        return !(value is NSNull)
    }
}
