import Foundation

/// The Dashboard's call-quality endpoints. Same lookup as `/participants`: `type=live` (Zoom's
/// default) only finds a meeting in progress, `type=past` only ended ones.
extension SimulatorCore {
    /// Zoom pages QoS in tens at most (one page of 10 people ≈ 450 samples) and defaults to one.
    static let qosPageSizes = (default: 1, maximum: 10)

    func dashboardParticipantsQoS(reference: String, query: QueryParameters, now: Date) async throws(APIError) -> JSONValue {
        let (meeting, type) = try qosMeeting(reference: reference, query: query, now: now)
        let source = index.qosSource(of: meeting)
        let records = meeting.records.enumerated().filter { $0.element.joinTime <= now }
        let page = try await paginator.page(
            records, listKey: "metrics-qos|\(meeting.uuid)|\(type)", query: query, now: now,
            defaultSize: Self.qosPageSizes.default, maximumSize: Self.qosPageSizes.maximum)
        let to = type == "live" ? now : meeting.end
        return .object(
            [("from", .string(UTCTime.day(epochSeconds: meeting.start.epochSeconds))),
             ("to", .string(UTCTime.day(epochSeconds: to.epochSeconds)))]
                + page.fields
                + [("participants", .array(page.items.map {
                    QoSRenderers.participant($0.element, recordIndex: $0.offset, source: source, now: now)
                }))])
    }

    /// `participantId` is a connection's `user_id`; the object comes unwrapped.
    func dashboardParticipantQoS(reference: String, participantID: String, query: QueryParameters, now: Date) throws(APIError) -> JSONValue {
        let (meeting, _) = try qosMeeting(reference: reference, query: query, now: now)
        guard let recordIndex = meeting.records.firstIndex(where: { $0.userID == participantID && $0.joinTime <= now }) else {
            throw APIError(status: 404, code: 3001, message: "Participant does not exist: \(participantID).")
        }
        return QoSRenderers.participant(meeting.records[recordIndex], recordIndex: recordIndex, source: index.qosSource(of: meeting), now: now)
    }

    private func qosMeeting(reference: String, query: QueryParameters, now: Date) throws(APIError) -> (SimMeeting, String) {
        let type = query["type"] ?? "live"
        guard ["live", "past"].contains(type) else { throw .badRequest("Invalid field: type.") }
        guard let meeting = index.meeting(reference: reference, live: type == "live", now: now) else {
            throw .meetingNotFound(reference)
        }
        return (meeting, type)
    }
}
