import HTTPTypes
import Hummingbird
import NIOCore

/// The exact bodies Mattermost and Slack answer with (integrations.md §2.1, §2.2).
enum ChatReplies {
    static func text(_ status: Int, _ body: String, headers: HTTPFields = HTTPFields()) -> Response {
        var headers = headers
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.serialized())))
    }

    /// Mattermost's `model.AppError` as its API serialises it.
    static func mattermostError(_ status: Int, id: String, message: String, requestNumber: Int) -> Response {
        json(status, .object([
            ("id", .string(id)),
            ("message", .string(message)),
            ("detailed_error", .string("")),
            ("request_id", .string(mattermostRequestID(requestNumber))),
            ("status_code", .integer(status)),
        ]))
    }

    static let mattermostUnparsable = (id: "web.incoming_webhook.parse.app_error", message: "Unable to parse incoming data")
    static let mattermostUnknownHook = (id: "web.incoming_webhook.invalid.app_error", message: "Invalid webhook.")
    static let mattermostServerError = (id: "app.post.save.app_error", message: "Unable to save the Post.")

    /// Mattermost ids are 26 lowercase base-32 characters; derived from the request number so
    /// runs are reproducible.
    private static func mattermostRequestID(_ requestNumber: Int) -> String {
        let alphabet = Array("ybndrfg8ejkmcpqxot1uwisza345h769")
        var bits = SeededRandom.mix(UInt64(requestNumber))
        var more = SeededRandom.mix(bits)
        var id = ""
        for index in 0..<26 {
            if index == 12 { bits = more; more = 0 }
            id.append(alphabet[Int(bits & 31)])
            bits >>= 5
        }
        return id
    }
}
