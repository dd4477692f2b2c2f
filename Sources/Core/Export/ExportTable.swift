/// A table to export: fixed columns, typed cells. The same table renders as Zoho-importable CSV or
/// as JSON Lines, so the two formats can never disagree on content.
public struct ExportTable: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case text(String)
        case integer(Int64)
        case time(UnixSeconds)
        /// Rendered with up to four decimals.
        case decimal(Double)
        case null
    }

    public var name: String
    public var columns: [String]
    public var rows: [[Value]]

    public init(name: String, columns: [String], rows: [[Value]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

public enum ExportFormat: String, Sendable, CaseIterable {
    case csv
    case jsonl
}

extension ExportTable.Value {
    init(_ text: String?) { self = text.map(Self.text) ?? .null }
    init(_ number: Int64?) { self = number.map(Self.integer) ?? .null }
    init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
}

extension ExportTable {
    public static func disconnects(_ records: [DisconnectionRecord]) -> ExportTable {
        ExportTable(
            name: "disconnects",
            columns: [
                "meeting_uuid", "meeting_id", "topic", "participant_key", "participant_name", "time", "reason_class",
                "leave_reason", "rejoined_after_s", "source", "lost_s", "quality_before",
            ],
            rows: records.map { record in
                [
                    .text(record.meetingUUID), Value(record.meetingID), Value(record.topic), .text(record.participantKey),
                    .text(record.participantName), .time(record.time), .text(record.reasonClass),
                    Value(record.leaveReason), Value(record.rejoinedAfterSeconds), .text(record.source), .integer(record.lostSeconds),
                    .text(record.qualityBefore.rawValue),
                ]
            })
    }

    public static func incidents(_ records: [IncidentRecord]) -> ExportTable {
        ExportTable(
            name: "incidents",
            columns: [
                "incident_id", "scope", "meeting_uuid", "meeting_id", "topic", "start", "end", "dropped", "present", "meetings", "cause",
                "dropped_poor", "dropped_with_data", "others_poor", "others_with_data", "data_centres", "network_types", "alerts",
            ],
            rows: records.map { record in
                [
                    .integer(record.id), .text(record.scope.rawValue), Value(record.meetingUUID), Value(record.meetingID), Value(record.topic),
                    .time(record.start), .time(record.end), Value(record.dropped), Value(record.present),
                    Value(record.meetings), .text(record.cause.rawValue), .integer(Int64(record.evidence.droppedPoor)),
                    .integer(Int64(record.evidence.droppedWithData)), .integer(Int64(record.evidence.othersPoor)),
                    .integer(Int64(record.evidence.othersWithData)), .text(record.evidence.dataCentres.joined(separator: "; ")),
                    .text(record.evidence.networkTypes.joined(separator: "; ")), .text(record.evidence.alerts.joined(separator: "; ")),
                ]
            })
    }
}
