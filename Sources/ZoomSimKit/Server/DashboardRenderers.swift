import Foundation

/// JSON shapes of the Dashboard (`/metrics`) APIs.
enum DashboardRenderers {
    /// `/metrics/meetings` item. For a live meeting (`now` before its end) `end_time` is absent
    /// and `duration` is the time so far.
    static func meeting(_ meeting: SimMeeting, now: Date) -> JSONValue {
        let ended = meeting.end <= now
        let seconds = (ended ? meeting.end : now).epochSeconds - meeting.start.epochSeconds
        var members: [(String, JSONValue)] = [
            ("uuid", .string(meeting.uuid)),
            ("id", .int(meeting.id)),
            ("topic", .string(meeting.topic)),
            ("host", .string(meeting.hostName)),
            ("email", .string(meeting.hostEmail)),
            ("user_type", .string("Licensed")),
            ("start_time", .time(meeting.start)),
        ]
        if ended { members.append(("end_time", .time(meeting.end))) }
        members += [
            ("duration", .string(clockDuration(seconds))),
            ("participants", .integer(meeting.participantCount)),
            ("has_pstn", .bool(false)),
            ("has_voip", .bool(true)),
            ("has_3rd_party_audio", .bool(false)),
            ("has_video", .bool(true)),
            ("has_screen_share", .bool(meeting.isClass)),
            ("has_recording", .bool(false)),
            ("has_sip", .bool(false)),
            ("has_archiving", .bool(false)),
            ("in_room_participants", .integer(0)),
            ("dept", .string("Teachers")),
            ("custom_keys", .array([])),
            ("audio_quality", .string("good")),
            ("video_quality", .string("good")),
            ("screen_share_quality", .string(meeting.isClass ? "good" : "")),
            ("session_key", .string("")),
            ("has_manual_captions", .bool(false)),
            ("has_automated_captions", .bool(false)),
        ]
        return .object(members)
    }

    /// `/metrics/meetings/{meetingId}/participants` item. A record still open at `now` (live)
    /// has neither `leave_time` nor `leave_reason`.
    static func participant(_ record: ParticipantRecord, now: Date) -> JSONValue {
        let left = record.leaveTime <= now
        let client = record.client
        var members: [(String, JSONValue)] = [
            ("id", .string(record.zoomUserID)),
            ("user_id", .string(record.userID)),
            ("participant_uuid", .string(record.participantUUID)),
            ("participant_user_id", .string(record.zoomUserID)),
            ("user_name", .string(record.name)),
            ("device", .string(client.device)),
            ("os", .string(client.os)),
            ("os_version", .string(client.osVersion)),
            ("ip_address", .string(client.ipAddress)),
            ("internal_ip_addresses", .array([.string(client.internalIPAddress)])),
            ("location", .string(client.location)),
            ("network_type", .string(client.networkType)),
            ("data_center", .string(client.dataCenter)),
            ("full_data_center", .string(client.dataCenter + ";")),
            ("connection_type", .string("UDP")),
            ("join_time", .time(record.joinTime)),
        ]
        if left {
            members.append(("leave_time", .time(record.leaveTime)))
            // Some host-ended records carry the bare enum text (stable per connection id).
            let bare = (Int(record.userID) ?? 0) / 1024 % 3 == 0
            members.append(("leave_reason", .string(LeaveReasonText.dashboard(record.leaveReason, name: record.name, bare: bare))))
        }
        members += [
            ("share_application", .bool(false)),
            ("share_desktop", .bool(record.isHost)),
            ("share_whiteboard", .bool(false)),
            ("recording", .bool(false)),
            ("pc_name", .string("")),
            ("domain", .string("")),
            ("mac_addr", .string("")),
            ("harddisk_id", .string("")),
            ("version", .string(client.clientVersion)),
            ("email", .string(record.email)),
            ("registrant_id", .string(record.registrantID)),
            ("customer_key", .string("")),
            ("status", .string("in_meeting")),
            ("role", .string(record.isHost ? "host" : "attendee")),
            ("bo_mtg_id", .string(record.breakoutRoomID)),
            ("camera", .string(client.camera)),
            ("microphone", .string(client.microphone)),
            ("speaker", .string(client.speaker)),
            ("audio_quality", .string("good")),
            ("video_quality", .string("good")),
            ("screen_share_quality", .string("")),
            ("in_room_participants", .integer(0)),
            ("sip_uri", .string("")),
            ("from_sip_uri", .string("")),
        ]
        return .object(members)
    }

    /// "hh:mm:ss".
    static func clockDuration(_ seconds: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let clamped = max(0, seconds)
        return "\(two(clamped / 3600)):\(two(clamped % 3600 / 60)):\(two(clamped % 60))"
    }
}
