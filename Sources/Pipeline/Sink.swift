import Logging
import ZoomDashCore
import ZoomDashStorage

/// Publishes what the store holds (CSV files, Zoho Analytics, chat).
///
/// Contract: `export(_:)` publishes the store's current disconnections and incidents for
/// `context.from ..< context.to`. Each published artefact is replaced atomically (a reader never sees a
/// half-written file or table), and exporting twice publishes the same thing twice, never duplicates.
public protocol Sink: Sendable {
    /// The sink's name in logs, metrics labels and `zoomdashctl status`.
    var name: String { get }

    func export(_ context: ExportContext) async throws -> ExportReport
}

public struct ExportContext: Sendable {
    public var store: ZoomDashStore
    public var from: UnixSeconds?
    public var to: UnixSeconds?
    public var logger: Logger

    public init(store: ZoomDashStore, from: UnixSeconds? = nil, to: UnixSeconds? = nil, logger: Logger) {
        self.store = store
        self.from = from
        self.to = to
        self.logger = logger
    }
}

public struct ExportReport: Sendable, Hashable {
    /// Rows written per artefact (file name or table name).
    public var rows: [String: Int]

    public init(rows: [String: Int] = [:]) {
        self.rows = rows
    }
}
