/// An HTTP request as the Zoom client and the sinks need it: small bodies, no streaming.
public struct HTTPClientRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]?
    public var timeout: Duration

    public init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil, timeout: Duration = .seconds(30)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public struct HTTPClientResponse: Sendable, Hashable {
    public var status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Sends HTTP requests. Implementations must not block the Swift concurrency pool and must honour
/// task cancellation. A transport failure (DNS, connect, TLS, timeout) throws ``HTTPClientError``;
/// any HTTP status, including 4xx and 5xx, is a normal response.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse
}

public enum HTTPClientError: Error, CustomStringConvertible, Sendable, Hashable {
    case transport(url: String, code: Int, message: String)
    case cancelled(url: String)

    public var description: String {
        switch self {
        case .transport(let url, let code, let message):
            return "request to \(url) failed: \(message) (curl error \(code)); check the URL, DNS and network"
        case .cancelled(let url):
            return "request to \(url) was cancelled"
        }
    }
}
