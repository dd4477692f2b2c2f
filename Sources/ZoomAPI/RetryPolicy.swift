
/// What to do after a failed attempt: a pure function of the outcome and the attempt number.
/// Nothing is retried forever: every path ends in `.fail` after `maxAttempts`.
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
    public var baseDelaySeconds = 0.5
    public var maxDelaySeconds = 30.0
    public var maxRetryAfterSeconds = 120.0

    public init() {}

    /// - Parameters:
    ///   - attempt: 1 for the first attempt that failed.
    ///   - jitter: a random number in `0..<1` (injected so tests are deterministic).
    public func action(after outcome: Outcome, attempt: Int, now: Double, jitter: Double) -> Action {
        guard attempt < maxAttempts else { return .fail }
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
