import Foundation

/// Opaque `next_page_token`s: each remembers which list it continues and where, and expires
/// after the configured TTL (Zoom: 15 minutes).
actor PageTokenStore {
    private struct Cursor {
        let listKey: String
        let offset: Int
        let expiresAt: Date
    }

    private let ttlSeconds: Int
    private var random: SeededRandom
    private var cursors: [String: Cursor] = [:]

    init(ttlSeconds: Int, seed: UInt64) {
        self.ttlSeconds = ttlSeconds
        self.random = SeededRandom(seed: seed, stream: 102)
    }

    func issue(listKey: String, offset: Int, now: Date) -> String {
        if cursors.count > 20_000 { cursors = cursors.filter { $0.value.expiresAt > now } }
        let token = ZoomIdentifiers.opaqueToken(length: 35, using: &random)
        cursors[token] = Cursor(listKey: listKey, offset: offset, expiresAt: now.addingTimeInterval(TimeInterval(ttlSeconds)))
        return token
    }

    /// The offset the token continues at, or nil when unknown, expired or from another list.
    func offset(for token: String, listKey: String, now: Date) -> Int? {
        guard let cursor = cursors[token], cursor.listKey == listKey, now < cursor.expiresAt else { return nil }
        return cursor.offset
    }
}
