import ZoomDashStorage

/// Which ``ZohoRow/contentHash`` version the content hashes a table's `sink_rows` hold are of (a
/// store checkpoint per sink and table; none: version 1, from before there was one). While it is
/// older, rows are compared under the old hash as well, so an upgrade neither sends a table again
/// (a million rows would cost 15,000 units, more than a day of a Standard plan) nor keeps sending
/// it: each unchanged row's hash is rewritten, and once every held row was compared the version is
/// recorded and the old hash no longer computed.
struct ZohoHashVersion {
    let key: String
    let recorded: String?
    /// Some held rows may carry hashes of an older version.
    let legacy: Bool
    static let current = String(ZohoRow.contentHashVersion)

    init(sink: String, table: ZohoTable, held: ZohoHeldRows, state: ZoomDashStore) async throws {
        key = "zoho.\(sink).\(table.rawValue).hash_version"
        recorded = try await state.checkpoint(key)
        legacy = !held.isEmpty && recorded != Self.current
    }

    /// After a run: `comparedAll` when every held row was compared with the store (not a range),
    /// `heldNone` when there was nothing to compare. Either way all held hashes are current now.
    func record(comparedAll: Bool, heldNone: Bool, state: ZoomDashStore, now: Int64) async throws {
        guard recorded != Self.current && (comparedAll || heldNone) else { return }
        try await state.setCheckpoint(key, Self.current, now: now)
    }
}
