import Foundation

/// Parses a Zoom webhook body (reference/zoom-api.md §6) leniently: meeting `id` as number or string,
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
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body)) else { throw .notJSON }
        guard let event = envelope.event, !event.isEmpty else { throw .missingEvent }
        let object = envelope.payload?.object
        var record = WebhookRecord(
            kind: WebhookRecord.Kind(rawValue: event) ?? .other, event: event,
            eventTimestampMilliseconds: envelope.eventTimestamp ?? 0, meetingUUID: object?.uuid ?? "",
            meetingID: object?.id, topic: object?.topic ?? "", hostID: object?.hostID ?? "",
            meetingStart: object?.startTime, meetingEnd: object?.endTime, participant: nil,
            issues: object?.issues ?? [], plainToken: envelope.payload?.plainToken,
            body: String(decoding: body, as: UTF8.self))
        if let participant = object?.participant,
            let time = record.kind == .participantLeft ? participant.leaveTime : participant.joinTime
        {
            record.participant = WebhookRecord.Participant(
                key: ParticipantIdentity.key(
                    participantUUID: participant.participantUUID, zoomUserID: participant.zoomUserID,
                    registrantID: participant.registrantID, email: participant.email, name: participant.name),
                name: participant.name ?? "", email: participant.email ?? "", time: time,
                leaveReason: participant.leaveReason, participantUUID: participant.participantUUID ?? "",
                connectionID: participant.connectionID ?? "", zoomUserID: participant.zoomUserID ?? "")
        }
        return record
    }

    private struct Envelope: Decodable {
        var event: String?
        var eventTimestamp: Int64?
        var payload: Payload?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyCodingKey.self)
            event = c.lenientString(AnyCodingKey("event"))
            eventTimestamp = c.lenientInt64(AnyCodingKey("event_ts"))
            payload = try? c.decodeIfPresent(Payload.self, forKey: AnyCodingKey("payload"))
        }
    }

    private struct Payload: Decodable {
        var object: Object?
        var plainToken: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyCodingKey.self)
            object = try? c.decodeIfPresent(Object.self, forKey: AnyCodingKey("object"))
            plainToken = c.lenientString(AnyCodingKey("plainToken"))
        }
    }

    private struct Object: Decodable {
        var uuid, topic, hostID: String?
        var id: Int64?
        var startTime, endTime: UnixSeconds?
        var issues: [String]
        var participant: Person?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyCodingKey.self)
            uuid = c.lenientString(AnyCodingKey("uuid"))
            id = c.lenientInt64(AnyCodingKey("id"))
            topic = c.lenientString(AnyCodingKey("topic"))
            hostID = c.lenientString(AnyCodingKey("host_id"))
            startTime = c.lenientTime(AnyCodingKey("start_time"))
            endTime = c.lenientTime(AnyCodingKey("end_time"))
            if let list = try? c.decodeIfPresent([String].self, forKey: AnyCodingKey("issues")) {
                issues = list
            } else {
                issues = c.lenientString(AnyCodingKey("issues")).map { [$0] } ?? []
            }
            participant = try? c.decodeIfPresent(Person.self, forKey: AnyCodingKey("participant"))
        }
    }

    private struct Person: Decodable {
        var name, email, participantUUID, zoomUserID, registrantID, connectionID, leaveReason: String?
        var joinTime, leaveTime: UnixSeconds?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyCodingKey.self)
            name = c.lenientString(AnyCodingKey("user_name"))
            email = c.lenientString(AnyCodingKey("email"))
            participantUUID = c.lenientString(AnyCodingKey("participant_uuid"))
            zoomUserID = c.lenientString(AnyCodingKey("id")) ?? c.lenientString(AnyCodingKey("participant_user_id"))
            registrantID = c.lenientString(AnyCodingKey("registrant_id"))
            connectionID = c.lenientString(AnyCodingKey("user_id"))
            leaveReason = c.lenientString(AnyCodingKey("leave_reason"))
            joinTime = c.lenientTime(AnyCodingKey("join_time"))
            leaveTime = c.lenientTime(AnyCodingKey("leave_time"))
        }
    }
}
