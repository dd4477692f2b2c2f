import Synchronization
import ZoomDashCore

/// Counts Zoom API requests by category and HTTP status (`"error"` for transport failures), for
/// run summaries, `zoomdashctl status` and Prometheus.
public final class ZoomAPIStats: Sendable {
    public struct Key: Sendable, Hashable {
        public var category: RateCategory
        public var code: String
    }

    private let counts = Mutex<[Key: Int]>([:])

    public init() {}

    func record(_ category: RateCategory, code: String) {
        counts.withLock { $0[Key(category: category, code: code), default: 0] += 1 }
    }

    public func snapshot() -> [Key: Int] { counts.withLock { $0 } }

    public var total: Int { counts.withLock { $0.values.reduce(0, +) } }
}
