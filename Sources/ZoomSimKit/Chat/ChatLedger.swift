import Foundation

/// The receiver's mutable state, kept behind one lock so counting, admission and recording are
/// atomic per request.
struct ChatLedger: Sendable {
    enum Admission: Sendable, Equatable {
        case admitted(requestNumber: Int)
        case injectedFailure(requestNumber: Int)
        case rateLimited(retryAfterSeconds: Int)
    }

    private(set) var requests = 0
    private(set) var messages: [ReceivedChatMessage] = []
    private var window: (minute: Int, count: Int) = (Int.min, 0)
    var waiters = ChatWaiters()

    /// Counts every attempt; failures are injected before rate limiting, as a crashed backend
    /// answers before its limiter would.
    mutating func admit(now: Date, config: FakeChatConfig) -> Admission {
        requests += 1
        defer { waiters.resumeSatisfied(messages: messages, requests: requests) }
        if requests <= config.failFirst || config.failRequests?.contains(requests) == true { return .injectedFailure(requestNumber: requests) }
        guard let limit = config.rateLimitPerMinute else { return .admitted(requestNumber: requests) }
        let seconds = now.timeIntervalSince1970
        let minute = Int((seconds / 60).rounded(.down))
        if window.minute != minute { window = (minute, 0) }
        guard window.count < limit else {
            let untilNextMinute = Double(minute + 1) * 60 - seconds
            return .rateLimited(retryAfterSeconds: max(1, Int(untilNextMinute.rounded(.up))))
        }
        window.count += 1
        return .admitted(requestNumber: requests)
    }

    mutating func record(_ message: ReceivedChatMessage) {
        messages.append(message)
        waiters.resumeSatisfied(messages: messages, requests: requests)
    }
}
