
/// What to do after a failed attempt: a pure function of the outcome and the attempts so far.
/// Nothing is retried forever: failures end in `.fail` after `maxAttempts`, waits for a per-second or
/// per-minute limit after `maxRateLimitedWaits`.
public struct RetryPolicy: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// HTTP 429. `retryAt` is the `Retry-After` time when Zoom sent one.
        case rateLimited(daily: Bool, retryAt: Double?)
        /// HTTP 5xx.
        case serverError(status: Int)
        /// DNS, connect, TLS or timeout failures.
        case transportError
        /// 401 / code 124: the access token expired or was revoked.
        case unauthorized
        /// Other 4xx: the request itself is wrong; retrying cannot help.
        case clientError(status: Int)
    }

    public enum Action: Sendable, Hashable {
        case retry(afterSeconds: Double)
        case refreshTokenAndRetry
        case fail
    }

    public var maxAttempts = 6
    /// Zoom's limits are per account, shared by every app on it: a 429 that is not the daily cap says
    /// "wait your turn", not "this request is broken". Counting those against `maxAttempts` made a
    /// backfill give meetings up while another app (or a second backfill) was busy on the account.
    public var maxRateLimitedWaits = 40
    public var baseDelaySeconds = 0.5
    public var maxDelaySeconds = 30.0
    public var maxRetryAfterSeconds = 120.0

    public init() {}

    /// - Parameters:
    ///   - attempt: 1 for the first attempt that failed other than by a 429.
    ///   - rateLimitedWaits: the 429s (not the daily cap) this request has already waited out.
    ///   - jitter: a random number in `0..<1` (injected so tests are deterministic).
    public func action(after outcome: Outcome, attempt: Int, rateLimitedWaits: Int = 0, now: Double, jitter: Double) -> Action {
        if case .rateLimited(daily: false, _) = outcome {
            guard rateLimitedWaits < maxRateLimitedWaits else { return .fail }
        } else {
            guard attempt < maxAttempts else { return .fail }
        }
        switch outcome {
        case .rateLimited(daily: true, _):
            return .fail
        case .rateLimited(daily: false, let retryAt):
            let wait = retryAt.map { $0 - now } ?? (1 + jitter)
            return wait > maxRetryAfterSeconds ? .fail : .retry(afterSeconds: max(0, wait))
        case .serverError, .transportError:
            return .retry(afterSeconds: backoff(attempt: attempt, jitter: jitter))
        case .unauthorized:
            return attempt == 1 ? .refreshTokenAndRetry : .fail
        case .clientError:
            return .fail
        }
    }

    /// Exponential backoff with jitter: half the ceiling fixed, half random, so retries spread out.
    public func backoff(attempt: Int, jitter: Double) -> Double {
        let ceiling = min(maxDelaySeconds, baseDelaySeconds * Double(1 << min(attempt - 1, 20)))
        return ceiling / 2 + ceiling / 2 * jitter
    }
}
