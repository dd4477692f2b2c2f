/// A Zoom API error: HTTP status plus the `{"code","message"}` body.
struct APIError: Error, Sendable {
    let status: Int
    let code: Int
    let message: String

    var body: JSONValue { .object([("code", .integer(code)), ("message", .string(message))]) }

    static let invalidToken = APIError(status: 401, code: 124, message: "Invalid access token.")
    static let invalidPageToken = APIError(status: 400, code: 300, message: "The next page token is invalid or expired.")
    static let dashboardUnavailable = APIError(
        status: 400, code: 200,
        message: "This API is only available for ZMP and Business or higher accounts that have enabled the Dashboard feature.")
    static let notFound = APIError(status: 404, code: 404, message: "Not Found")

    static func meetingNotFound(_ id: String) -> APIError {
        APIError(status: 404, code: 3001, message: "Meeting does not exist: \(id).")
    }

    static func userNotFound(_ id: String) -> APIError {
        APIError(status: 404, code: 1001, message: "User does not exist: \(id).")
    }

    static func badRequest(code: Int = 300, _ message: String) -> APIError {
        APIError(status: 400, code: code, message: message)
    }
}
