import Foundation

/// `/v2/past_meetings/...`.
extension SimulatorCore {
    /// Ended instances only (an in-progress instance is not listed). No pagination.
    func pastMeetingInstances(reference: String, now: Date) throws(APIError) -> JSONValue {
        guard let id = Int64(reference) else { throw .meetingNotFound(reference) }
        let instances = index.endedInstances(meetingID: id, now: now)
        guard !instances.isEmpty else { throw .meetingNotFound(reference) }
        return .object([
            ("meetings", .array(instances.map { .object([("uuid", .string($0.uuid)), ("start_time", .time($0.start))]) }))
        ])
    }

    func pastMeeting(reference: String, now: Date) throws(APIError) -> JSONValue {
        guard let meeting = index.meeting(reference: reference, now: now) else { throw .meetingNotFound(reference) }
        return ReportRenderers.pastMeeting(meeting)
    }

    /// "Doesn't return results if only one participant": an empty list for one-person meetings.
    func pastMeetingParticipants(reference: String, query: QueryParameters, now: Date) async throws(APIError) -> JSONValue {
        guard let meeting = index.meeting(reference: reference, now: now) else { throw .meetingNotFound(reference) }
        let records = meeting.participantCount >= 2 ? meeting.records : []
        let page = try await paginator.page(records, listKey: "past-participants|\(meeting.uuid)", query: query, now: now)
        return .object(page.fields + [("participants", .array(page.items.map(ReportRenderers.pastParticipant)))])
    }
}
