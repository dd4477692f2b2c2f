import Foundation

/// One webhook delivery body, ready to sign and POST.
public struct WebhookEvent: Sendable, Hashable {
    /// e.g. "meeting.participant_left".
    public let event: String
    /// `event_ts`, milliseconds since the epoch.
    public let eventTimestampMilliseconds: Int64
    public let meetingUUID: String
    /// The compact JSON body exactly as it is to be sent (and signed).
    public let body: String

    public init(event: String, eventTimestampMilliseconds: Int64, meetingUUID: String, body: String) {
        self.event = event
        self.eventTimestampMilliseconds = eventTimestampMilliseconds
        self.meetingUUID = meetingUUID
        self.body = body
    }

    public var eventTime: Date {
        Date(timeIntervalSince1970: TimeInterval(eventTimestampMilliseconds) / 1000)
    }
}
