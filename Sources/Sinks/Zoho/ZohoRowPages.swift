import ZoomDashCore
import ZoomDashStorage

/// A table's rows as Zoho gets them, a page at a time: disconnections by key order in pages (a
/// store may hold millions), the smaller tables in one page.
struct ZohoRowPages: Sendable {
    let table: ZohoTable
    let store: ZoomDashStore
    let from: UnixSeconds?
    let to: UnixSeconds?
    static let pageSize = 10_000

    /// Calls `body` with each page; stops at the end.
    func forEach(_ body: ([ZohoRow]) async throws -> Void) async throws {
        switch table {
        case .disconnections:
            var after: DisconnectionRecord.Key?
            while true {
                let page = try await store.disconnectionRecords(after: after, limit: Self.pageSize)
                guard let last = page.last else { return }
                after = last.key
                try await body(page.filter { inRange($0.time) }.map(Self.row))
            }
        case .incidents:
            try await body(try await store.incidentRecords(from: from, to: to).map(Self.row))
        case .meetingQuality:
            try await body(try await store.qualityRecords(from: from, to: to).map(Self.row))
        case .meetingAlerts:
            try await body(try await store.alertRecords(from: from, to: to).map(Self.row))
        case .dailyByTopic:
            try await body(try await store.dailyTopicRecords().filter { inRange($0.day) }.map(Self.row))
        }
    }

    func inRange(_ time: UnixSeconds) -> Bool { time >= (from ?? .min) && time < (to ?? .max) }

    static func row(_ record: DisconnectionRecord) -> ZohoRow {
        ZohoRow(
            keyHash: ZohoRow.hash("d|\(record.meetingUUID)|\(record.participantKey)|\(record.time)"),
            cells: [
                .text(record.meetingUUID), id(record.meetingID), text(record.topic), .text(record.participantName), .time(record.time),
                .text(record.reasonClass), text(record.leaveReason), number(record.rejoinedAfterSeconds), .integer(record.lostSeconds),
                .text(record.source), .text(record.qualityBefore.rawValue),
            ])
    }

    static func row(_ record: IncidentRecord) -> ZohoRow {
        let evidence = record.evidence
        return ZohoRow(
            keyHash: ZohoRow.hash("i|\(record.id)"),
            cells: [
                .integer(record.id), .text(record.scope.rawValue), text(record.meetingUUID), id(record.meetingID), text(record.topic),
                .time(record.start), .time(record.end), .integer(Int64(record.dropped)), .integer(Int64(record.present)),
                number(record.meetings.map(Int64.init)), .text(record.cause.rawValue), .integer(Int64(evidence.droppedPoor)),
                .integer(Int64(evidence.droppedWithData)), .text(evidence.dataCentres.joined(separator: "; ")),
                .text(evidence.alerts.joined(separator: "; ")),
            ])
    }

    static func row(_ record: QualityRecord) -> ZohoRow {
        ZohoRow(
            keyHash: ZohoRow.hash("q|\(record.meetingUUID)"),
            cells: [
                .text(record.meetingUUID), id(record.meetingID), text(record.topic), record.start.map(ExportTable.Value.time) ?? .null,
                .integer(Int64(record.participantMinutes)), .integer(Int64(record.poorMinutes)), .decimal(record.poorShare),
                text(record.worstCause),
            ])
    }

    static func row(_ record: AlertRecord) -> ZohoRow {
        ZohoRow(
            keyHash: ZohoRow.hash("a|\(record.alert.meetingUUID)|\(record.alert.time)|\(record.alert.text)"),
            cells: [
                .text(record.alert.meetingUUID), id(record.meetingID), text(record.topic), .time(record.alert.time), .text(record.alert.issue),
                .text(record.alert.text),
            ])
    }

    static func row(_ record: DailyTopicRecord) -> ZohoRow {
        ZohoRow(
            keyHash: ZohoRow.hash("t|\(record.day)|\(record.topic)"),
            cells: [
                .time(record.day), .text(record.topic), .integer(Int64(record.meetings)), .integer(Int64(record.disconnections)),
                .integer(Int64(record.network)), .integer(Int64(record.client)), .integer(record.lostSeconds / 60), .integer(Int64(record.incidents)),
            ])
    }

    /// Zoho would read an 11-digit meeting id as a number with a thousands separator: text.
    static func id(_ value: Int64?) -> ExportTable.Value { value.map { .text(String($0)) } ?? .null }
    static func text(_ value: String?) -> ExportTable.Value { value.map(ExportTable.Value.text) ?? .null }
    static func number(_ value: Int64?) -> ExportTable.Value { value.map(ExportTable.Value.integer) ?? .null }
}
