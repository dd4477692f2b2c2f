import Foundation

/// `GET /v2/users` and the Report API.
extension SimulatorCore {
    func users(query: QueryParameters, now: Date) async throws(APIError) -> JSONValue {
        let status = query["status"] ?? "active"
        let users = status == "active" ? index.users : []
        let page = try await paginator.page(users, listKey: "users|\(status)", query: query, now: now)
        // Derived from the scenario, not the clock, so responses are reproducible.
        let lastLogin = Date(epochSeconds: index.scenario.options.endDayStart + 7 * 3600)
        return .object(page.fields + [("users", .array(page.items.map { ReportRenderers.user($0, lastLogin: lastLogin) }))])
    }

    /// `type=past`: hosted meetings with ≥ 2 participants; `pastOne`: exactly one;
    /// `pastJoined`: meetings the user joined (signed in).
    func reportUserMeetings(userID: String, query: QueryParameters, now: Date) async throws(APIError) -> JSONValue {
        guard let user = index.user(idOrEmail: userID) else { throw .userNotFound(userID) }
        let range = try DateRangeQuery(
            query, allowDateTime: false, now: now, tooOld: "The 'from' date must be within the past 6 months.")
        let type = query["type"] ?? "past"
        let candidates: [SimMeeting]
        switch type {
        case "pastOne":
            candidates = index.hostedMeetings(hostID: user.id, now: now).filter { $0.participantCount == 1 }
        case "pastJoined":
            candidates = index.endedMeetings(now: now).filter { $0.records.contains { $0.zoomUserID == user.id } }
        case "past":
            candidates = index.hostedMeetings(hostID: user.id, now: now).filter { $0.participantCount >= 2 }
        default:
            throw .badRequest("Invalid field: type.")
        }
        let meetings = candidates.filter { range.contains($0.start.epochSeconds) }
        let page = try await paginator.page(
            meetings, listKey: "report-user-meetings|\(user.id)|\(range.start)|\(range.end)|\(type)", query: query, now: now)
        return .object(
            [("from", .string(range.fromText)), ("to", .string(range.toText))] + page.fields
                + [("meetings", .array(page.items.map(ReportRenderers.reportMeeting)))])
    }

    func reportMeeting(reference: String, now: Date) throws(APIError) -> JSONValue {
        guard let meeting = index.meeting(reference: reference, now: now) else { throw .meetingNotFound(reference) }
        return ReportRenderers.reportMeeting(meeting)
    }

    /// Report participants: one item per connection; meetings with fewer than two participants
    /// have no participant report.
    func reportParticipants(reference: String, query: QueryParameters, now: Date) async throws(APIError) -> JSONValue {
        guard let meeting = index.meeting(reference: reference, now: now), meeting.participantCount >= 2 else {
            throw .meetingNotFound(reference)
        }
        let includeRegistrant = (query["include_fields"] ?? "").split(separator: ",").contains("registrant_id")
        let page = try await paginator.page(meeting.records, listKey: "report-participants|\(meeting.uuid)", query: query, now: now)
        return .object(page.fields + [
            ("participants", .array(page.items.map { ReportRenderers.reportParticipant($0, includeRegistrantID: includeRegistrant) }))
        ])
    }
}
