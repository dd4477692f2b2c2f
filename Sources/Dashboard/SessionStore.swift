/// Logged-in browsers: a random token per login, kept in memory (a restart logs everyone out, which
/// is also what a leaked token should lead to). Sessions end `lifetime` seconds after login.
public actor SessionStore {
    public struct Session: Sendable, Hashable {
        public var user: String
        public var expires: Int64
    }

    private var sessions: [String: Session] = [:]
    private let lifetime: Int64
    private let capacity: Int

    public init(lifetime: Int64, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    public func create(user: String, now: Int64) -> (token: String, session: Session) {
        if sessions.count >= capacity { dropExpired(now: now) }
        if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires })?.key {
            sessions[oldest] = nil
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(16) }.joined()
        let session = Session(user: user, expires: now + lifetime)
        sessions[token] = session
        return (token, session)
    }

    public func user(token: String, now: Int64) -> String? {
        guard let session = sessions[token] else { return nil }
        guard session.expires > now else {
            sessions[token] = nil
            return nil
        }
        return session.user
    }

    public func end(token: String) {
        sessions[token] = nil
    }

    private func dropExpired(now: Int64) {
        sessions = sessions.filter { $0.value.expires > now }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
