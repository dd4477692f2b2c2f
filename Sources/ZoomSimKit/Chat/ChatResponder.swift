import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Routes `/hooks/{id}` (Mattermost), `/services/{a}/{b}/{c}` (Slack) and `GET /fake/messages`.
struct ChatResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let config: FakeChatConfig
    let ledger: SharedState<ChatLedger>
    let onMessage: @Sendable (ReceivedChatMessage) -> Void

    /// Mattermost's default MaxPostSize-era limit is far larger; 4 MB is plenty for a fake.
    private static let maxBodyBytes = 4 * 1024 * 1024

    private enum Flavour: String {
        case mattermost, slack
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        switch (request.method, segments.first) {
        case (.get, "fake") where segments == ["fake", "messages"]:
            return try messagesDump()
        case (.post, "hooks") where segments.count == 2 && !segments[1].isEmpty:
            return try await receive(request, flavour: .mattermost, hookID: segments[1], path: path)
        case (.post, "services") where segments.count == 4 && !segments.dropFirst().contains(""):
            return try await receive(request, flavour: .slack, hookID: nil, path: path)
        default:
            return ChatReplies.text(404, "404 page not found")
        }
    }

    private func receive(_ request: Request, flavour: Flavour, hookID: String?, path: String) async throws -> Response {
        let body = String(buffer: try await request.body.collect(upTo: Self.maxBodyBytes))
        let now = config.clock()
        let admission = ledger.withLock { $0.admit(now: now, config: config) }
        let requestNumber: Int
        switch admission {
        case .injectedFailure(let number):
            return flavour == .slack
                ? ChatReplies.text(500, "rollup_error")
                : ChatReplies.mattermostError(
                    500, id: ChatReplies.mattermostServerError.id, message: ChatReplies.mattermostServerError.message,
                    requestNumber: number)
        case .rateLimited(let seconds):
            // Mattermost's limiter (throttled) answers "limit exceeded"; Slack sends only the header.
            return ChatReplies.text(429, flavour == .slack ? "rate_limited" : "limit exceeded", headers: [.retryAfter: String(seconds)])
        case .admitted(let number):
            requestNumber = number
        }
        if let hookID, let known = config.hookIDs, !known.contains(hookID) {
            return ChatReplies.mattermostError(
                404, id: ChatReplies.mattermostUnknownHook.id, message: ChatReplies.mattermostUnknownHook.message,
                requestNumber: requestNumber)
        }
        let payload = ChatPayload.decode(body: body, contentType: request.headers[.contentType])
        let hasText = !(payload?.text ?? "").isEmpty
        switch flavour {
        case .mattermost:
            guard let payload, hasText || payload.hasAttachments else {
                return ChatReplies.mattermostError(
                    400, id: ChatReplies.mattermostUnparsable.id, message: ChatReplies.mattermostUnparsable.message,
                    requestNumber: requestNumber)
            }
            accept(payload, flavour: flavour, path: path, now: now)
        case .slack:
            guard let payload, hasText || payload.hasBlocks else { return ChatReplies.text(400, "invalid_payload") }
            accept(payload, flavour: flavour, path: path, now: now)
        }
        return ChatReplies.text(200, "ok")
    }

    private func accept(_ payload: ChatPayload, flavour: Flavour, path: String, now: Date) {
        let message = ReceivedChatMessage(flavour: flavour.rawValue, path: path, text: payload.text, json: payload.json, receivedAt: now)
        ledger.withLock { $0.record(message) }
        onMessage(message)
    }

    private func messagesDump() throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(ledger.withLock { $0.messages })
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
