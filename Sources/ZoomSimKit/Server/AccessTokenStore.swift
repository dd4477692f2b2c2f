import Foundation

/// Issued S2S access tokens, their grant and expiry. Several valid tokens may coexist (Zoom docs:
/// "You can generate and use multiple access tokens").
actor AccessTokenStore {
    /// The OAuth grant a token came from: `account_credentials` tokens call the REST API,
    /// `client_credentials` (app-level) tokens only open the WebSocket.
    enum Grant: String, Sendable {
        case accountCredentials = "account_credentials"
        case clientCredentials = "client_credentials"
    }

    private let ttlSeconds: Int
    private var random: SeededRandom
    private var expiries: [String: (expiry: Date, grant: Grant)] = [:]

    init(ttlSeconds: Int, seed: UInt64) {
        self.ttlSeconds = ttlSeconds
        self.random = SeededRandom(seed: seed, stream: 101)
    }

    func issue(now: Date, grant: Grant = .accountCredentials) -> String {
        pruneExpired(now: now)
        // Looks like a JWT's three dot-separated parts; clients must treat it as opaque anyway.
        let token = "eyJzdiI6IjAwMDAwMSJ9." + ZoomIdentifiers.opaqueToken(length: 48, using: &random)
            + "." + ZoomIdentifiers.opaqueToken(length: 43, using: &random)
        expiries[token] = (now.addingTimeInterval(TimeInterval(ttlSeconds)), grant)
        return token
    }

    /// For the REST API: an unexpired `account_credentials` token.
    func isValid(_ token: String, now: Date) -> Bool {
        guard let issued = expiries[token], issued.grant == .accountCredentials else { return false }
        return now < issued.expiry
    }

    /// For the WebSocket: an unexpired token of either grant, its grant and the seconds it has left.
    func check(_ token: String, now: Date) -> (grant: Grant, secondsLeft: Double)? {
        guard let issued = expiries[token], now < issued.expiry else { return nil }
        return (issued.grant, issued.expiry.timeIntervalSince(now))
    }

    private func pruneExpired(now: Date) {
        guard expiries.count > 1000 else { return }
        expiries = expiries.filter { $0.value.expiry > now }
    }
}
