import Foundation

/// Issued S2S access tokens and their expiry. Several valid tokens may coexist (Zoom docs:
/// "You can generate and use multiple access tokens").
actor AccessTokenStore {
    private let ttlSeconds: Int
    private var random: SeededRandom
    private var expiries: [String: Date] = [:]

    init(ttlSeconds: Int, seed: UInt64) {
        self.ttlSeconds = ttlSeconds
        self.random = SeededRandom(seed: seed, stream: 101)
    }

    func issue(now: Date) -> String {
        pruneExpired(now: now)
        // Looks like a JWT's three dot-separated parts; clients must treat it as opaque anyway.
        let token = "eyJzdiI6IjAwMDAwMSJ9." + ZoomIdentifiers.opaqueToken(length: 48, using: &random)
            + "." + ZoomIdentifiers.opaqueToken(length: 43, using: &random)
        expiries[token] = now.addingTimeInterval(TimeInterval(ttlSeconds))
        return token
    }

    func isValid(_ token: String, now: Date) -> Bool {
        guard let expiry = expiries[token] else { return false }
        return now < expiry
    }

    private func pruneExpired(now: Date) {
        guard expiries.count > 1000 else { return }
        expiries = expiries.filter { $0.value > now }
    }
}
