import Synchronization
import ZoomDashHTTPClient

/// Answers requests from a handler and records them; for unit tests of the Zoom client only.
final class FakeHTTPClient: HTTPClient {
    typealias Handler = @Sendable (HTTPClientRequest, Int) throws -> HTTPClientResponse
    private let handler: Handler
    private let log = Mutex<[HTTPClientRequest]>([])

    init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    var requests: [HTTPClientRequest] { log.withLock { $0 } }
    func requests(to path: String) -> [HTTPClientRequest] { requests.filter { $0.url.contains(path) } }

    func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let index = log.withLock { requests -> Int in
            requests.append(request)
            return requests.count
        }
        return try handler(request, index)
    }
}

func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> HTTPClientResponse {
    HTTPClientResponse(status: status, headers: headers, body: Array(body.utf8))
}

let tokenAnswer = json(200, #"{"access_token":"T1","token_type":"bearer","expires_in":3599}"#)
