import Foundation

/// JSON shapes of the Report, Past-meeting and Users APIs, with the field names of Zoom's public API
/// reference and its sample payloads (what ZoomDash reads: docs/zoom-api-notes.md §3).
enum ReportRenderers {
    static func user(_ user: SimUser, lastLogin: Date) -> JSONValue {
        .object([
            ("id", .string(user.id)),
            ("first_name", .string(user.firstName)),
            ("last_name", .string(user.lastName)),
            ("display_name", .string(user.displayName)),
            ("email", .string(user.email)),
            ("type", .integer(user.type)),
            ("pmi", .int(user.personalMeetingID)),
            ("timezone", .string("Europe/Berlin")),
            ("verified", .integer(1)),
            ("dept", .string(user.department)),
            ("created_at", .time(user.createdAt)),
            ("user_created_at", .time(user.createdAt)),
            ("last_login_time", .time(lastLogin)),
            ("last_client_version", .string("6.2.3.48207(win)")),
            ("language", .string("en-US")),
            ("status", .string("active")),
            ("role_id", .string(user.isHost ? "2" : "1")),
            ("group_ids", .array([])),
        ])
    }

    /// `/report/users/{userId}/meetings` item and (without the list-only fields) `/report/meetings/{id}`.
    static func reportMeeting(_ meeting: SimMeeting) -> JSONValue {
        .object([
            ("uuid", .string(meeting.uuid)),
            ("id", .int(meeting.id)),
            ("type", .integer(meeting.type)),
            ("topic", .string(meeting.topic)),
            ("user_name", .string(meeting.hostName)),
            ("user_email", .string(meeting.hostEmail)),
            ("start_time", .time(meeting.start)),
            ("end_time", .time(meeting.end)),
            ("duration", .integer(minutesRoundedUp(meeting.durationSeconds))),
            ("total_minutes", .integer(totalMinutes(meeting))),
            ("participants_count", .integer(meeting.participantCount)),
            ("participants_count_my_account", .integer(Set(meeting.records.filter { !$0.zoomUserID.isEmpty }.map(\.participantUUID)).count)),
            ("source", .string("Zoom")),
            ("session_key", .string("")),
            ("custom_keys", .array([])),
            ("has_screen_share", .bool(meeting.isClass)),
            ("has_recording", .bool(false)),
            ("has_chat", .bool(meeting.isClass)),
            ("meeting_encryption_status", .integer(2)),
            ("host_name", .string(meeting.hostName)),
            ("host_organization", .string("")),
        ])
    }

    /// `/report/meetings/{meetingId}/participants` item: no `leave_reason`, no `participant_uuid`.
    static func reportParticipant(_ record: ParticipantRecord, includeRegistrantID: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(record.zoomUserID)),
            ("user_id", .string(record.userID)),
            ("name", .string(record.name)),
            ("user_email", .string(record.email)),
            ("join_time", .time(record.joinTime)),
            ("leave_time", .time(record.leaveTime)),
            ("duration", .integer(record.durationSeconds)),
            ("failover", .bool(false)),
            ("status", .string("in_meeting")),
            ("customer_key", .string("")),
        ]
        if includeRegistrantID { members.append(("registrant_id", .string(record.registrantID))) }
        members.append(("bo_mtg_id", .string(record.breakoutRoomID)))
        members.append(("participant_user_id", .string(record.zoomUserID)))
        return .object(members)
    }

    static func pastMeeting(_ meeting: SimMeeting) -> JSONValue {
        .object([
            ("uuid", .string(meeting.uuid)),
            ("id", .int(meeting.id)),
            ("host_id", .string(meeting.hostID)),
            ("type", .integer(meeting.type)),
            ("topic", .string(meeting.topic)),
            ("user_name", .string(meeting.hostName)),
            ("user_email", .string(meeting.hostEmail)),
            ("start_time", .time(meeting.start)),
            ("end_time", .time(meeting.end)),
            ("duration", .integer(minutesRoundedUp(meeting.durationSeconds))),
            ("total_minutes", .integer(totalMinutes(meeting))),
            ("participants_count", .integer(meeting.participantCount)),
            ("dept", .string("Teachers")),
            ("source", .string("Zoom")),
        ])
    }

    static func pastParticipant(_ record: ParticipantRecord) -> JSONValue {
        .object([
            ("id", .string(record.zoomUserID)),
            ("name", .string(record.name)),
            ("user_id", .string(record.userID)),
            ("registrant_id", .string(record.registrantID)),
            ("user_email", .string(record.email)),
            ("join_time", .time(record.joinTime)),
            ("leave_time", .time(record.leaveTime)),
            ("duration", .integer(record.durationSeconds)),
            ("failover", .bool(false)),
            ("status", .string("in_meeting")),
            ("internal_user", .bool(!record.zoomUserID.isEmpty)),
        ])
    }

    static func minutesRoundedUp(_ seconds: Int) -> Int { (seconds + 59) / 60 }

    private static func totalMinutes(_ meeting: SimMeeting) -> Int {
        minutesRoundedUp(meeting.records.reduce(0) { $0 + $1.durationSeconds })
    }
}
