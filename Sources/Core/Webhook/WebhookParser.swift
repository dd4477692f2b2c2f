/// Parses a Zoom webhook body (docs/zoom-api-notes.md §6.1) leniently: meeting `id` as number or string,
/// `issues` as string or list, empty strings for absent ids, unknown events and fields kept raw.
public enum WebhookParser {
    public enum Failure: Error, CustomStringConvertible, Sendable, Equatable {
        case notJSON
        case missingEvent

        public var description: String {
            switch self {
            case .notJSON: "the body is not a JSON object"
            case .missingEvent: "the body has no \"event\" field"
            }
        }
    }

    public static func parse(_ body: [UInt8]) throws(Failure) -> WebhookRecord {
        guard let root = try? JSONScanner.parse(body), case .object = root else { throw .notJSON }
        guard let event = root["event"]?.text else { throw .missingEvent }
        let payload = root["payload"]
        let object = payload?["object"]
        var record = WebhookRecord(
            kind: WebhookRecord.Kind(rawValue: event) ?? .other, event: event,
            eventTimestampMilliseconds: root["event_ts"]?.int64 ?? 0, meetingUUID: object?["uuid"]?.text ?? "",
            meetingID: object?["id"]?.int64, topic: object?["topic"]?.text ?? "", hostID: object?["host_id"]?.text ?? "",
            meetingStart: object?["start_time"]?.time, meetingEnd: object?["end_time"]?.time, participant: nil,
            issues: issues(object?["issues"]), plainToken: payload?["plainToken"]?.text,
            body: body)
        if let person = object?["participant"],
            let time = (record.kind == .participantLeft ? person["leave_time"] : person["join_time"])?.time
        {
            let name = person["user_name"]?.text
            let email = person["email"]?.text
            let participantUUID = person["participant_uuid"]?.text
            let zoomUserID = person["id"]?.text ?? person["participant_user_id"]?.text
            record.participant = WebhookRecord.Participant(
                key: ParticipantIdentity.key(
                    participantUUID: participantUUID, zoomUserID: zoomUserID, registrantID: person["registrant_id"]?.text,
                    email: email, name: name),
                name: name ?? "", email: email ?? "", time: time, leaveReason: person["leave_reason"]?.text,
                participantUUID: participantUUID ?? "", connectionID: person["user_id"]?.text ?? "", zoomUserID: zoomUserID ?? "")
        }
        return record
    }

    /// `meeting.alert` sends `issues` as a list or as one string.
    private static func issues(_ node: JSONNode?) -> [String] {
        switch node {
        case .array(let items): items.compactMap(\.text)
        case .string(let text) where !text.isEmpty: [text]
        default: []
        }
    }
}
