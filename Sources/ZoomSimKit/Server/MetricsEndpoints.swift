import Foundation

/// The Dashboard API (`/v2/metrics/...`). Availability is checked by the pipeline.
extension SimulatorCore {
    /// `type` = `live` (Zoom's default) | `past` (≥ 2 participants) | `pastOne` (exactly one).
    func dashboardMeetings(query: QueryParameters, now: Date) async throws(APIError) -> JSONValue {
        let range = try DateRangeQuery(query, allowDateTime: true, now: now, tooOld: "Month should fall within the last six months.")
        let type = query["type"] ?? "live"
        let byEndTime = query["query_date_type"] == "end_time"
        let candidates: [SimMeeting]
        switch type {
        case "live": candidates = index.liveMeetings(now: now)
        case "past": candidates = index.endedMeetings(now: now).filter { $0.participantCount >= 2 }
        case "pastOne": candidates = index.endedMeetings(now: now).filter { $0.participantCount == 1 }
        default: throw .badRequest("Invalid field: type.")
        }
        let meetings = candidates.filter { range.contains((byEndTime ? $0.end : $0.start).epochSeconds) }
        let page = try await paginator.page(
            meetings, listKey: "metrics-meetings|\(range.start)|\(range.end)|\(type)|\(byEndTime)", query: query, now: now)
        return .object(
            [("from", .string(range.fromText)), ("to", .string(range.toText))] + page.fields
                + [("meetings", .array(page.items.map { DashboardRenderers.meeting($0, now: now) }))])
    }

    func dashboardMeeting(reference: String, query: QueryParameters, now: Date) throws(APIError) -> JSONValue {
        let live = (query["type"] ?? "live") == "live"
        guard let meeting = index.meeting(reference: reference, live: live, now: now) else { throw .meetingNotFound(reference) }
        return DashboardRenderers.meeting(meeting, now: now)
    }

    /// One item per connection, with `leave_reason`. `type=live` (the default) only finds a
    /// meeting in progress, so clients must pass `type=past` for ended meetings.
    func dashboardParticipants(reference: String, query: QueryParameters, now: Date) async throws(APIError) -> JSONValue {
        let type = query["type"] ?? "live"
        guard ["live", "past", "pastOne"].contains(type) else { throw .badRequest("Invalid field: type.") }
        guard let meeting = index.meeting(reference: reference, live: type == "live", now: now) else {
            throw .meetingNotFound(reference)
        }
        let records = meeting.records.filter { $0.joinTime <= now }
        let page = try await paginator.page(records, listKey: "metrics-participants|\(meeting.uuid)|\(type)", query: query, now: now)
        return .object(
            page.fields + [
                ("meeting_number", .string(String(meeting.id))),
                ("participants", .array(page.items.map { DashboardRenderers.participant($0, now: now) })),
            ])
    }
}
