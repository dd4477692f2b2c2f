import Foundation

/// One accepted incoming-webhook post.
public struct ReceivedChatMessage: Sendable, Hashable, Codable {
    /// "mattermost" or "slack".
    public var flavour: String
    /// The request path, e.g. "/hooks/abc" or "/services/T1/B2/X3".
    public var path: String
    /// The payload's `text`, nil when the post carried only attachments or blocks.
    public var text: String?
    /// The JSON payload exactly as sent (for a form body, the decoded `payload` field), so tests
    /// can inspect attachments and blocks without the fake re-encoding them.
    public var json: String
    public var receivedAt: Date

    public init(flavour: String, path: String, text: String?, json: String, receivedAt: Date) {
        self.flavour = flavour
        self.path = path
        self.text = text
        self.json = json
        self.receivedAt = receivedAt
    }
}
