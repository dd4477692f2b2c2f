import Logging
import ZoomDashCore
import ZoomDashStorage

/// Publishes tables of what the store holds (CSV files; Zoho Analytics next).
///
/// Contract: `export(_:)` publishes the current content of the tables in `context.tables` for
/// `context.from ..< context.to` (everything when nil). It is idempotent: each artefact is replaced or
/// upserted as a whole (a reader never sees half of one), and exporting twice publishes the same thing,
/// never duplicates. It only reads the store. It throws when nothing could be published; a partial
/// success is reported in ``ExportReport/problems``. The daemon runs it on its own timer and after an
/// analysis changed something, never while holding the Zoom lease, and records each run.
public protocol Exporter: Sendable {
    /// The section's name (`[sinks.NAME]`) in logs, metrics labels and `zoomdashctl status`.
    var name: String { get }

    func export(_ context: ExportContext) async throws -> ExportReport
}

/// The tables an exporter publishes.
public enum ExportedTable: String, Sendable, Hashable, CaseIterable, Comparable {
    case disconnections
    case incidents
    /// The watched rooms' presence table (allowlisted names only).
    case presence

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public struct ExportContext: Sendable {
    /// A read-only connection of its own (the daemon's writer never waits for an export).
    public var store: ZoomDashStore
    /// What changed since the last run (a timer asks for all of them).
    public var tables: Set<ExportedTable>
    public var from: UnixSeconds?
    public var to: UnixSeconds?
    /// The time of the run (who is "in the room now").
    public var now: UnixSeconds
    public var logger: Logger
    /// Told, now and then, how far a long upload is (`zoomdashctl export --sink`); never required.
    public var progress: (@Sendable (String) -> Void)?

    public init(
        store: ZoomDashStore, tables: Set<ExportedTable> = Set(ExportedTable.allCases), from: UnixSeconds? = nil,
        to: UnixSeconds? = nil, now: UnixSeconds, logger: Logger, progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.progress = progress
        self.store = store
        self.tables = tables
        self.from = from
        self.to = to
        self.now = now
        self.logger = logger
    }
}

public struct ExportReport: Sendable, Hashable {
    /// Rows published per artefact (file name or table name).
    public var rows: [String: Int]
    /// What could not be published, one sentence each; the next run retries it.
    public var problems: [String]

    public init(rows: [String: Int] = [:], problems: [String] = []) {
        self.rows = rows
        self.problems = problems
    }

    public var totalRows: Int { rows.values.reduce(0, +) }
}
