extension ExportTable {
    /// The outbox's incident events, one row each (the event log's lines, later chat and Zoho).
    public static func incidentEvents(_ events: [IncidentEvent]) -> ExportTable {
        ExportTable(
            name: "incident_events",
            columns: [
                "event_id", "kind", "time", "incident_id", "scope", "meeting_uuid", "start", "end", "dropped", "present", "meetings",
                "previous_start", "previous_end", "previous_dropped", "previous_present", "previous_meetings", "cause", "dropped_poor",
                "dropped_with_data", "data_centres", "alerts",
            ],
            rows: events.map { event in
                let incident = event.incident
                let previous = event.previous
                return [
                    .integer(event.id), .text(event.kind.rawValue), .time(event.time), .integer(event.incidentID),
                    .text(incident.scope.rawValue), Value(incident.meetingUUID), .time(incident.start), .time(incident.end),
                    Value(incident.dropped), Value(incident.present), Value(incident.meetings),
                    previous.map { .time($0.start) } ?? .null, previous.map { .time($0.end) } ?? .null,
                    Value(previous?.dropped), Value(previous?.present), Value(previous?.meetings), .text(incident.cause.rawValue),
                    Value(incident.evidence.droppedPoor), Value(incident.evidence.droppedWithData),
                    .text(incident.evidence.dataCentres.joined(separator: "; ")), .text(incident.evidence.alerts.joined(separator: "; ")),
                ]
            })
    }
}
