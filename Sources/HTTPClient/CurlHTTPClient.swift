import CZDCurl
import Foundation
import Synchronization

/// ``HTTPClient`` on the system libcurl. Transfers run on a small pool of dedicated threads; each
/// thread reuses one easy handle, so keep-alive connections to Zoom are reused across requests.
public final class CurlHTTPClient: HTTPClient {
    private let pool: BlockingWorkerPool<CurlHandle>
    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        signal(SIGPIPE, SIG_IGN)
    }()

    /// - Parameter maxConcurrentRequests: worker threads, hence transfers in flight at once.
    public init(maxConcurrentRequests: Int = 4) {
        _ = Self.globalInit
        pool = BlockingWorkerPool(threads: max(1, maxConcurrentRequests), name: "zd-curl") { CurlHandle() }
    }

    /// A client replaced on reload (SIGHUP) lets its threads and connections go once its last
    /// transfer is done.
    deinit {
        pool.shutdown()
    }

    public static var libcurlVersion: String {
        _ = globalInit
        guard let info = zd_curl_version_info(), let version = info.pointee.version else { return "unknown" }
        return String(cString: version)
    }

    public func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let cancelled = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await pool.run { handle in try handle.perform(request, cancelled: cancelled) }
        } onCancel: {
            cancelled.cancel()
        }
    }
}

/// Set from the cancelling task, read by libcurl's progress callback on the worker thread.
final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)
    func cancel() { state.store(true, ordering: .relaxed) }
    var isCancelled: Bool { state.load(ordering: .relaxed) }
}
