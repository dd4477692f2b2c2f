import ZoomDashCore

/// A table the Zoho exporter keeps in the workspace: its name, columns with Zoho data types, and how
/// a row is keyed. Every table starts with `row_key`, the row's stable identity (a hash, so no email
/// or participant id reaches Zoho as a key), which imports match on (`updateadd`) and deletions name.
public enum ZohoTable: String, Sendable, Hashable, CaseIterable {
    case disconnections
    case incidents
    case meetingQuality = "meeting_quality"
    case meetingAlerts = "meeting_alerts"
    /// Per UTC day and meeting topic: the chart a school draws first (drops per class per day).
    case dailyByTopic = "daily_by_topic"

    /// Columns after `row_key`, with Zoho's data types.
    public var columns: [(name: String, type: String)] {
        switch self {
        case .disconnections:
            [("meeting_uuid", "PLAIN"), ("meeting_id", "PLAIN"), ("topic", "PLAIN"), ("participant_name", "PLAIN"), ("time", "DATE"),
             ("reason_class", "PLAIN"), ("leave_reason", "PLAIN"), ("rejoined_after_s", "NUMBER"), ("lost_s", "NUMBER"),
             ("source", "PLAIN"), ("quality_before", "PLAIN")]
        case .incidents:
            [("incident_id", "NUMBER"), ("scope", "PLAIN"), ("meeting_uuid", "PLAIN"), ("meeting_id", "PLAIN"), ("topic", "PLAIN"),
             ("start", "DATE"), ("end", "DATE"), ("dropped", "NUMBER"), ("present", "NUMBER"), ("meetings", "NUMBER"), ("cause", "PLAIN"),
             ("dropped_poor", "NUMBER"), ("dropped_with_data", "NUMBER"), ("data_centres", "PLAIN"), ("alerts", "PLAIN")]
        case .meetingQuality:
            [("meeting_uuid", "PLAIN"), ("meeting_id", "PLAIN"), ("topic", "PLAIN"), ("start", "DATE"), ("participant_minutes", "NUMBER"),
             ("poor_minutes", "NUMBER"), ("poor_share", "DECIMAL_NUMBER"), ("worst_metric", "PLAIN")]
        case .meetingAlerts:
            [("meeting_uuid", "PLAIN"), ("meeting_id", "PLAIN"), ("topic", "PLAIN"), ("time", "DATE"), ("issue", "PLAIN"), ("issue_text", "PLAIN")]
        case .dailyByTopic:
            [("day", "DATE"), ("topic", "PLAIN"), ("meetings", "NUMBER"), ("disconnections", "NUMBER"), ("network", "NUMBER"),
             ("client", "NUMBER"), ("minutes_lost", "NUMBER"), ("incidents", "NUMBER")]
        }
    }

    /// Which analysis output it derives from, for change-triggered runs.
    public var source: Set<Source> {
        switch self {
        case .disconnections: [.disconnections]
        case .incidents, .meetingQuality, .meetingAlerts: [.incidents]
        case .dailyByTopic: [.disconnections, .incidents]
        }
    }

    public enum Source: Sendable { case disconnections, incidents }
}
