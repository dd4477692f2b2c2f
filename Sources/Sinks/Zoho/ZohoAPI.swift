import Foundation
import Logging
import Synchronization
import ZoomDashHTTPClient

/// Zoho Analytics REST API v2 calls: `Zoho-oauthtoken` and org headers, `CONFIG` as a JSON query
/// parameter, CSV as a multipart `FILE` part (``ZohoBatch`` builds the body); one token renewal on
/// 8535; 6045 waits out the minute; 5xx, 7005 and transport errors back off (1, 2, 4 s) and retry;
/// Zoho's failures come back as ``SinkError`` with its code and message.
struct ZohoAPI: Sendable {
    let settings: ZohoSettings
    let http: any HTTPClient
    let tokens: ZohoTokenProvider
    let logger: Logger
    let now: @Sendable () -> Double
    let sleep: @Sendable (Double) async throws -> Void
    private let limiter: Shared<ZohoCallLimiter>
    static let attempts = 4

    init(
        settings: ZohoSettings, http: any HTTPClient, logger: Logger, now: @escaping @Sendable () -> Double,
        sleep: @escaping @Sendable (Double) async throws -> Void
    ) {
        self.settings = settings
        self.http = http
        self.logger = logger
        self.now = now
        self.sleep = sleep
        tokens = ZohoTokenProvider(settings: settings, http: http, now: now)
        limiter = Shared(ZohoCallLimiter(perMinute: settings.callsPerMinute))
    }

    /// The `data` object of a successful answer.
    func call(_ method: String, _ path: String, config: [String: Any]? = nil, upload: ZohoUpload? = nil) async throws -> [String: Any] {
        var url = settings.apiURL + "/restapi/v2" + path
        if let config {
            let json = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
            url += "?CONFIG=" + ZohoQuery.encode(String(decoding: json, as: UTF8.self))
        }
        let label = "\(method) \(path)"
        var renewed = false
        var attempt = 1
        while true {
            try Task.checkCancellation()
            while let until = limiter.state.withLock({ $0.reserve(now: now()) }) { try await sleep(max(0.01, until - now())) }
            let token = try await tokens.token()
            var headers = [HTTPHeader("Authorization", "Zoho-oauthtoken \(token)"), HTTPHeader("ZANALYTICS-ORGID", settings.orgID)]
            if let upload { headers.append(HTTPHeader("Content-Type", "multipart/form-data; boundary=\(upload.boundary)")) }
            var failure: SinkError
            do {
                let response = try await http.send(HTTPClientRequest(method: method, url: url, headers: headers, body: upload?.body, timeout: .seconds(300)))
                let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
                let data = json["data"] as? [String: Any] ?? [:]
                if (200..<300).contains(response.status), json["status"] as? String != "failure" { return data }
                let code = (data["errorCode"] as? Int) ?? Int(data["errorCode"] as? String ?? "")
                let message = data["errorMessage"] as? String ?? (json["summary"] as? String) ?? String(decoding: response.body.prefix(200), as: UTF8.self)
                failure = .zohoRequest(request: label, status: response.status, code: code, message: message)
                switch (code, response.status) {
                case (8535, _) where !renewed:
                    logger.info("Zoho rejected the access token; renewing it", metadata: ["zoho.request": "\(label)"])
                    await tokens.invalidate(token)
                    renewed = true
                    continue
                case (6045, _):
                    limiter.state.withLock { $0.rateLimited(now: now()) }
                    logger.notice("Zoho's per-minute call limit reached; waiting for the next minute", metadata: ["zoho.request": "\(label)"])
                case (6043, _), (6044, _):
                    throw SinkError.zohoUnitsUsedUp(needed: 0, left: 0)
                case (7005, _), (_, 500...599):
                    break
                default:
                    throw failure
                }
            } catch let error as HTTPClientError {
                if case .cancelled = error { throw CancellationError() }
                failure = .zohoRequest(request: label, status: 0, code: nil, message: "\(error)")
            }
            guard attempt < Self.attempts else { throw failure }
            let pause = Double(1 << (attempt - 1))
            logger.warning(
                "Zoho request failed; retrying", metadata: ["zoho.request": "\(label)", "zoho.attempt": "\(attempt)", "error": "\(failure)"])
            try await sleep(pause)
            attempt += 1
        }
    }
}

/// A value shared by the copies of a struct (``ZohoAPI`` is copied into each table's sync).
final class Shared<Value: Sendable>: Sendable {
    let state: Mutex<Value>
    init(_ value: Value) { state = Mutex(value) }
}
