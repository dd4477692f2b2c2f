import Foundation
import Logging
import Synchronization
import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPlatform
import ZoomDashSinks
import ZoomDashStorage
import ZoomDashZoomAPI

/// What the daemon's services share. The configuration can be swapped by SIGHUP; everything derived
/// from it (meeting filter, webhook verifier, Zoom client) is swapped with it, atomically.
final class Runtime: Sendable {
    struct Current: Sendable {
        var config: ZoomDashConfig
        var version: Int
        var filter: MeetingFilter
        var verifier: WebhookVerifier
        var client: ZoomAPIClient?
        /// For sinks that talk HTTP (Zoho, chat).
        var http: any HTTPClient
    }

    let store: ZoomDashStore
    let metrics: ZoomDashMetrics
    let notifier: any ServiceManagerNotifier
    let logger: Logger
    let configPath: String?
    let startedAt: UnixSeconds
    let holder = ZoomLease.holderName(program: "zoomdashd")
    /// How the webhook commits are going, for `/healthz`.
    let commits = CommitHealth()
    /// `/healthz`'s probe write, shared for a second: a flood of probes must not become a flood of
    /// writes on the writer's thread.
    let storeProbe = ProbeCache(seconds: 1)
    /// The WebSocket sources' live state, for `/metrics`, `/healthz` and `STATUS=`.
    let websockets = WebSocketBoard()
    private let state: Mutex<Current>

    init(config: ZoomDashConfig, configPath: String?, store: ZoomDashStore, metrics: ZoomDashMetrics,
         notifier: any ServiceManagerNotifier, logger: Logger) {
        self.store = store
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
        self.configPath = configPath
        self.startedAt = Self.now()
        state = Mutex(Self.derive(config, version: 1, previous: nil, logger: logger))
    }

    var current: Current { state.withLock { $0 } }

    /// Just the verifier, for the webhook hot path (copying all of `current` costs a retain per field).
    var verifier: WebhookVerifier { state.withLock { $0.verifier } }

    /// Applies a new, already validated configuration.
    func update(_ config: ZoomDashConfig) {
        state.withLock { $0 = Self.derive(config, version: $0.version + 1, previous: $0, logger: logger) }
    }

    static func now() -> UnixSeconds { Int64(Date().timeIntervalSince1970) }
    static func preciseNow() -> Double { Date().timeIntervalSince1970 }

    private static func derive(_ config: ZoomDashConfig, version: Int, previous: Current?, logger: Logger) -> Current {
        var client: ZoomAPIClient?
        if let previous, previous.config.zoom == config.zoom {
            client = previous.client  // keep the token cache and the request budget
        } else if config.zoom.hasCredentials {
            let budget = RequestBudget(plan: config.zoom.plan, clock: ContinuousClock(), unixNow: Date().timeIntervalSince1970)
            client = ZoomAPIClient(
                settings: config.zoom, http: CurlHTTPClient(maxConcurrentRequests: config.zoom.concurrency), budget: budget,
                logger: logger)
        }
        return Current(
            config: config, version: version, filter: MeetingFilter(config.meetings),
            verifier: WebhookVerifier(secretToken: config.webhook.secretToken, toleranceSeconds: config.webhook.toleranceSeconds),
            client: client, http: previous?.http ?? CurlHTTPClient(maxConcurrentRequests: 4))
    }
}

/// The webhook commits' latest outcome: `/healthz` is unhealthy from a failed commit until one succeeds.
final class CommitHealth: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let latest = Mutex<Failure?>(nil)

    func record(_ error: (any Error)?) {
        let failure = error.map { Failure(description: "webhook events cannot be committed: \($0)") }
        latest.withLock { $0 = failure }
    }

    var failure: Failure? { latest.withLock { $0 } }
}

/// The outcome of an expensive check, reused for `seconds` when it passed (a flood of callers at the
/// moment it expires may run it a few times at once, never more than once each). A failure is not
/// reused: the next caller checks again, so a store that became writable again is healthy at once.
actor ProbeCache {
    private let seconds: Double
    private var last: (at: Double, error: CommitHealth.Failure?)?

    init(seconds: Double) {
        self.seconds = seconds
    }

    func result(now: Double, _ probe: @Sendable () async throws -> Void) async -> (any Error)? {
        if let last, last.error == nil, now - last.at < seconds { return nil }
        var failure: CommitHealth.Failure?
        do {
            try await probe()
        } catch {
            failure = CommitHealth.Failure(description: "\(error)")
        }
        last = (now, failure)
        return failure
    }
}
