import Synchronization
import ZoomDashStorage

/// A few read-only connections of the dashboard's own, taken in turn: pages never wait for the
/// daemon's writer (WAL), and one slow query does not hold up every other page.
public final class ReaderPool: Sendable {
    private let readers: [ZoomDashStore]
    private let next = Atomic<Int>(0)

    public init(path: String, count: Int = 2) throws {
        readers = try (0..<max(1, count)).map { _ in try ZoomDashStore(path: path, readOnly: true) }
    }

    public var reader: ZoomDashStore {
        let index = next.add(1, ordering: .relaxed).oldValue
        return readers[index % readers.count]
    }
}
