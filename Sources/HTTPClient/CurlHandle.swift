import CZDCurl
import Foundation
import ZoomDashCore

/// One libcurl easy handle, confined to the worker thread that created it.
final class CurlHandle {
    private let handle: UnsafeMutableRawPointer?

    init() {
        handle = curl_easy_init()
    }

    deinit {
        if let handle { curl_easy_cleanup(handle) }
    }

    /// Per-transfer state that libcurl's C callbacks reach through their `userdata` pointer.
    private final class Transfer {
        var body: [UInt8] = []
        var headers: [String: String] = [:]
        let cancelled: CancellationFlag
        init(cancelled: CancellationFlag) { self.cancelled = cancelled }
    }

    func perform(_ request: HTTPClientRequest, cancelled: CancellationFlag) throws -> HTTPClientResponse {
        guard let handle else { throw HTTPClientError.transport(url: request.url, code: -1, message: "curl_easy_init failed") }
        if cancelled.isCancelled { throw HTTPClientError.cancelled(url: request.url) }
        curl_easy_reset(handle)
        let transfer = Transfer(cancelled: cancelled)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let timeoutMS = Int(request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = zd_curl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = zd_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = zd_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMS)
        _ = zd_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMS, 10_000))
        _ = zd_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        _ = zd_curl_setopt_string(handle, CURLOPT_USERAGENT, "zoomdash/\(ZoomDashVersion.current)")
        _ = zd_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = zd_curl_setopt_write_function(handle, Self.writeBody)
        _ = zd_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = zd_curl_setopt_header_function(handle, Self.writeHeader)
        _ = zd_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
        _ = zd_curl_setopt_xferinfo_function(handle, Self.progress)
        _ = zd_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        // Without this, curl adds "Expect: 100-continue" to larger POSTs and waits a second.
        headerList = curl_slist_append(headerList, "Expect:")
        _ = zd_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        if request.method != "GET" && !(request.method == "POST" && request.body != nil) {
            _ = zd_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        // curl reads the body in place, while it is alive here (the next perform's curl_easy_reset
        // forgets the pointer): a copy of a multi-megabyte upload (a Zoho import) per request on
        // this pool's threads left their malloc arenas fragmented.
        let code = (request.body ?? []).withUnsafeBufferPointer { bytes -> CURLcode in
            if request.body != nil {
                let pointer = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                _ = zd_curl_setopt_postfields(handle, pointer.assumingMemoryBound(to: CChar.self), bytes.count)
            }
            return errorBuffer.withUnsafeMutableBufferPointer { buffer -> CURLcode in
                _ = zd_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
                return curl_easy_perform(handle)
            }
        }
        _ = zd_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
        guard code == CURLE_OK else {
            if code == CURLE_ABORTED_BY_CALLBACK { throw HTTPClientError.cancelled(url: request.url) }
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            throw HTTPClientError.transport(url: request.url, code: Int(code.rawValue), message: message)
        }
        var status = 0
        _ = zd_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPClientResponse(status: status, headers: transfer.headers, body: transfer.body)
    }

    private static func transfer(_ userdata: UnsafeMutableRawPointer?) -> Transfer {
        Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
    }

    private static let writeBody: curl_write_callback = { data, size, count, userdata in
        let length = size * count
        if let data, length > 0 {
            let bytes = UnsafeRawBufferPointer(start: data, count: length)
            CurlHandle.transfer(userdata).body.append(contentsOf: bytes)
        }
        return length
    }

    private static let writeHeader: curl_write_callback = { data, size, count, userdata in
        let length = size * count
        guard let data, length > 0 else { return length }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        let transfer = CurlHandle.transfer(userdata)
        if line.hasPrefix("HTTP/") {
            transfer.headers.removeAll()  // a new response (after a redirect or 100 Continue) starts
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            transfer.headers[name] = value
        }
        return length
    }

    private static let progress: curl_xferinfo_callback = { userdata, _, _, _, _ in
        CurlHandle.transfer(userdata).cancelled.isCancelled ? 1 : 0
    }
}
