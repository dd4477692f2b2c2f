import Foundation
import Logging
import ZoomDashCore
import ZoomDashStorage

/// Brings one Zoho table to the store's rows: diff against what the table holds (the store's
/// `sink_rows`), upload what changed in batches, delete what went, and record each step only once
/// Zoho confirmed it. A run killed between an upload and its record sends that batch again next time,
/// which `updateadd` on `row_key` turns into updates, never duplicates.
struct ZohoTableSync: Sendable {
    struct Outcome: Sendable {
        var view: String?
        var sent = 0
        var deleted = 0
        var problems: [String] = []
    }

    let sink: String
    let settings: ZohoSettings
    let api: ZohoAPI
    let state: ZoomDashStore
    let workspace: String
    let logger: Logger
    static let dateFormat = "yyyy-MM-dd HH:mm:ss"
    /// Keys per delete call: the criteria travel in the URL.
    static let keysPerDelete = 200

    func run(
        _ table: ZohoTable, rows: ZohoRowPages, view: String?, deletes: Bool, progress: (@Sendable (String) -> Void)?
    ) async throws -> Outcome {
        var outcome = Outcome(view: view)
        var held = try await ZohoHeldRows(sink: sink, table: table.rawValue, store: state)
        if view == nil && !held.isEmpty {
            logger.notice("a Zoho table is gone from the workspace; sending all its rows again", metadata: ["sink": "\(sink)", "zoho.table": "\(table.rawValue)"])
            try await state.forgetSinkRows(sink: sink, table: table.rawValue)
            held = ZohoHeldRows()
        }
        let version = try await ZohoHashVersion(sink: sink, table: table, held: held, state: state)
        if version.legacy {
            logger.notice("row hashes of an older version: comparing under both once, sending only what changed",
                          metadata: ["sink": "\(sink)", "zoho.table": "\(table.rawValue)"])
        }
        var rehashed: [ZoomDashStore.SinkRowState] = []
        var batch = ZohoBatch(table: table)
        try await rows.forEach { page in
            for row in page {
                let content = row.contentHash
                if let heldHash = held.claim(row.keyHash) {
                    if heldHash == content { continue }
                    if version.legacy && heldHash == row.legacyContentHash {
                        rehashed.append(.init(keyHash: row.keyHash, rowHash: content))
                        continue
                    }
                }
                batch.append(row, contentHash: content)
                if batch.count >= settings.batchRows {
                    try await send(table, batch.finish(), outcome: &outcome)
                    batch.reset()
                    progress?("\(table.rawValue): \(outcome.sent) rows sent")
                }
            }
            if rehashed.count >= settings.batchRows {
                try await state.recordSinkRows(sink: sink, table: table.rawValue, stored: rehashed, deleted: [])
                rehashed.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await send(table, batch.finish(), outcome: &outcome) }
        try await state.recordSinkRows(sink: sink, table: table.rawValue, stored: rehashed, deleted: [])
        if deletes, let view = outcome.view {
            let gone = held.unclaimed
            for start in stride(from: 0, to: gone.count, by: Self.keysPerDelete) {
                let chunk = Array(gone[start..<min(start + Self.keysPerDelete, gone.count)])
                try await delete(chunk, view: view)
                try await state.recordSinkRows(sink: sink, table: table.rawValue, stored: [], deleted: chunk)
                outcome.deleted += chunk.count
            }
        }
        try await version.record(comparedAll: deletes, heldNone: held.isEmpty, state: state, now: Int64(api.now()))
        if outcome.sent + outcome.deleted > 0 {
            logger.info("Zoho table updated", metadata: [
                "sink": "\(sink)", "zoho.table": "\(table.rawValue)", "zoho.rows_sent": "\(outcome.sent)", "zoho.rows_deleted": "\(outcome.deleted)",
            ])
        }
        progress?("\(table.rawValue): \(outcome.sent) rows sent, \(outcome.deleted) deleted")
        return outcome
    }

    /// One import call (creating the table with its column types when it does not exist yet).
    private func send(_ table: ZohoTable, _ upload: ZohoUpload, outcome: inout Outcome) async throws {
        let creating = outcome.view == nil
        let cost = (upload.count + 999) / 1000 * (creating ? 10 : 15)
        try await spendUnits(cost)
        var config: [String: Any] = ["fileType": "csv", "autoIdentify": true, "onError": "setcolumnempty", "dateFormat": Self.dateFormat]
        let data: [String: Any]
        if let view = outcome.view {
            config["importType"] = "updateadd"
            config["matchingColumns"] = ["row_key"]
            data = try await api.call("POST", "/workspaces/\(workspace)/views/\(view)/data", config: config, upload: upload)
        } else {
            config["tableName"] = table.rawValue
            config["columnDataTypes"] = ([("row_key", "PLAIN")] + table.columns).map { ["columnName": $0.0, "dataType": $0.1] }
            data = try await api.call("POST", "/workspaces/\(workspace)/data", config: config, upload: upload)
            guard let view = data["viewId"] else {
                throw SinkError.zohoRequest(request: "create table \(table.rawValue)", status: 200, code: nil, message: "no viewId in the answer")
            }
            outcome.view = "\(view)"
        }
        let summary = data["importSummary"] as? [String: Any] ?? [:]
        let total = Self.int(summary["totalRowCount"]) ?? upload.count
        let imported = Self.int(summary["successRowCount"]) ?? total
        let warnings = Self.int(summary["warnings"]) ?? 0
        let errors = "\(data["importErrors"] ?? "")"
        if imported < total {
            // Which rows failed Zoho does not say: none is recorded, so all are tried again next run.
            outcome.problems.append("\(table.rawValue): Zoho imported \(imported) of \(total) rows\(errors.isEmpty ? "" : ": \(errors)")")
            return
        }
        if warnings > 0 { outcome.problems.append("\(table.rawValue): \(warnings) values Zoho could not read were left empty\(errors.isEmpty ? "" : ": \(errors)")") }
        try await state.recordSinkRows(sink: sink, table: table.rawValue, stored: upload.states, deleted: [])
        outcome.sent += upload.count
    }

    private func delete(_ keys: [UInt64], view: String) async throws {
        let list = keys.map { "'\(ZohoRow.keyText($0))'" }.joined(separator: ",")
        _ = try await api.call("DELETE", "/workspaces/\(workspace)/views/\(view)/rows", config: ["criteria": "\"row_key\" in (\(list))"])
    }

    /// The day's API units, kept in the store (a restart must not reset them).
    private func spendUnits(_ cost: Int) async throws {
        let key = "zoho.\(sink).units.\(ZoomTime.day(Int64(api.now())))"
        let used = Int(try await state.checkpoint(key) ?? "") ?? 0
        guard used + cost <= settings.dailyUnits else { throw SinkError.zohoUnitsUsedUp(needed: cost, left: settings.dailyUnits - used) }
        try await state.setCheckpoint(key, String(used + cost), now: Int64(api.now()))
    }

    static func int(_ value: Any?) -> Int? {
        if let value = value as? Int { return value }
        if let value = value as? String { return Int(value) }
        if let value = value as? Double { return Int(value) }
        return nil
    }
}
