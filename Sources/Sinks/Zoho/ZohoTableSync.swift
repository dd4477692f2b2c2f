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
        var held = try await state.sinkRows(sink: sink, table: table.rawValue)
        if view == nil && !held.isEmpty {
            logger.notice("a Zoho table is gone from the workspace; sending all its rows again", metadata: ["sink": "\(sink)", "zoho.table": "\(table.rawValue)"])
            try await state.forgetSinkRows(sink: sink, table: table.rawValue)
            held = []
        }
        var seen = [Bool](repeating: false, count: held.count)
        var batch: [ZohoRow] = []
        var batchState: [ZoomDashStore.SinkRowState] = []
        try await rows.forEach { page in
            for row in page {
                let content = row.contentHash
                if let index = Self.index(of: row.keyHash, in: held) {
                    seen[index] = true
                    if held[index].rowHash == content { continue }
                }
                batch.append(row)
                batchState.append(.init(keyHash: row.keyHash, rowHash: content))
                if batch.count >= settings.batchRows {
                    try await upload(table, batch, batchState, outcome: &outcome)
                    progress?("\(table.rawValue): \(outcome.sent) rows sent")
                    batch.removeAll(keepingCapacity: true)
                    batchState.removeAll(keepingCapacity: true)
                }
            }
        }
        if !batch.isEmpty { try await upload(table, batch, batchState, outcome: &outcome) }
        if deletes, let view = outcome.view {
            let gone = held.indices.filter { !seen[$0] }.map { held[$0].keyHash }
            for start in stride(from: 0, to: gone.count, by: Self.keysPerDelete) {
                let chunk = Array(gone[start..<min(start + Self.keysPerDelete, gone.count)])
                try await delete(chunk, view: view)
                try await state.recordSinkRows(sink: sink, table: table.rawValue, stored: [], deleted: chunk)
                outcome.deleted += chunk.count
            }
        }
        if outcome.sent + outcome.deleted > 0 {
            logger.info("Zoho table updated", metadata: [
                "sink": "\(sink)", "zoho.table": "\(table.rawValue)", "zoho.rows_sent": "\(outcome.sent)", "zoho.rows_deleted": "\(outcome.deleted)",
            ])
        }
        progress?("\(table.rawValue): \(outcome.sent) rows sent, \(outcome.deleted) deleted")
        return outcome
    }

    /// One import call (creating the table with its column types when it does not exist yet).
    private func upload(_ table: ZohoTable, _ rows: [ZohoRow], _ rowState: [ZoomDashStore.SinkRowState], outcome: inout Outcome) async throws {
        let creating = outcome.view == nil
        let cost = (rows.count + 999) / 1000 * (creating ? 10 : 15)
        try await spendUnits(cost)
        let csv = ExportTable(
            name: table.rawValue, columns: ["row_key"] + table.columns.map(\.name),
            rows: rows.map { [.text(ZohoRow.keyText($0.keyHash))] + $0.cells }
        ).csv()
        var config: [String: Any] = ["fileType": "csv", "autoIdentify": true, "onError": "setcolumnempty", "dateFormat": Self.dateFormat]
        let data: [String: Any]
        if let view = outcome.view {
            config["importType"] = "updateadd"
            config["matchingColumns"] = ["row_key"]
            data = try await api.call("POST", "/workspaces/\(workspace)/views/\(view)/data", config: config, csv: Array(csv.utf8))
        } else {
            config["tableName"] = table.rawValue
            config["columnDataTypes"] = ([("row_key", "PLAIN")] + table.columns).map { ["columnName": $0.0, "dataType": $0.1] }
            data = try await api.call("POST", "/workspaces/\(workspace)/data", config: config, csv: Array(csv.utf8))
            guard let view = data["viewId"] else {
                throw SinkError.zohoRequest(request: "create table \(table.rawValue)", status: 200, code: nil, message: "no viewId in the answer")
            }
            outcome.view = "\(view)"
        }
        let summary = data["importSummary"] as? [String: Any] ?? [:]
        let total = Self.int(summary["totalRowCount"]) ?? rows.count
        let imported = Self.int(summary["successRowCount"]) ?? total
        let warnings = Self.int(summary["warnings"]) ?? 0
        let errors = "\(data["importErrors"] ?? "")"
        if imported < total {
            // Which rows failed Zoho does not say: none is recorded, so all are tried again next run.
            outcome.problems.append("\(table.rawValue): Zoho imported \(imported) of \(total) rows\(errors.isEmpty ? "" : ": \(errors)")")
            return
        }
        if warnings > 0 { outcome.problems.append("\(table.rawValue): \(warnings) values Zoho could not read were left empty\(errors.isEmpty ? "" : ": \(errors)")") }
        try await state.recordSinkRows(sink: sink, table: table.rawValue, stored: rowState, deleted: [])
        outcome.sent += rows.count
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

    /// Binary search in what the store returned (its order: ``ZoomDashStore/SinkRowState/precedes(_:_:)``).
    static func index(of key: UInt64, in held: [ZoomDashStore.SinkRowState]) -> Int? {
        var low = 0
        var high = held.count
        while low < high {
            let mid = (low + high) / 2
            if ZoomDashStore.SinkRowState.precedes(held[mid].keyHash, key) { low = mid + 1 } else { high = mid }
        }
        return low < held.count && held[low].keyHash == key ? low : nil
    }
}
