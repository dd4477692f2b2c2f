import Foundation

/// What rendering one meeting's QoS needs: its plan and where its per-sample randomness comes from.
struct MeetingQoSSource: Sendable {
    let seed: UInt64
    let meetingIndex: Int
    let plan: MeetingQualityPlan
}

/// JSON shapes of `/metrics/meetings/{id}/participants/qos` (one object per connection).
enum QoSRenderers {
    /// Identity fields as in `/participants` (same record, same values); `leave_time` is absent
    /// while the connection is still open at `now`, and only samples up to `now` exist.
    static func participant(_ record: ParticipantRecord, recordIndex: Int, source: MeetingQoSSource, now: Date) -> JSONValue {
        let samples = samples(of: record, recordIndex: recordIndex, source: source, now: now)
        let anyPoor = samples.contains { $0.poor }
        let client = record.client
        var members: [(String, JSONValue)] = [
            ("id", .string(record.zoomUserID)),
            ("user_id", .string(record.userID)),
            ("user_name", .string(record.name)),
            ("email", .string(record.email)),
            ("participant_uuid", .string(record.participantUUID)),
            ("device", .string(client.device)),
            ("client", .string(["iOS", "Android"].contains(client.device) ? "Zoom Workplace Mobile" : "Zoom Workplace Desktop")),
            ("version", .string(client.clientVersion)),
            ("ip_address", .string(client.ipAddress)),
            ("internal_ip_addresses", .array([.string(client.internalIPAddress)])),
            ("location", .string(client.location)),
            ("network_type", .string(client.networkType)),
            ("data_center", .string(client.dataCenter)),
            ("connection_type", .string("UDP")),
            ("join_time", .time(record.joinTime)),
        ]
        if record.leaveTime <= now { members.append(("leave_time", .time(record.leaveTime))) }
        members += [
            ("pc_name", .string("")),
            ("domain", .string("")),
            ("mac_addr", .string("")),
            ("harddisk_id", .string("")),
            ("health", .string(anyPoor ? "Warning" : "Good")),
            // Every poor minute degrades audio and the video received alike.
            ("issue_list", .array(anyPoor ? [.string("audio"), .string("video")] : [])),
            ("user_qos", .array(samples.map(\.json))),
        ]
        return .object(members)
    }

    private static func samples(
        of record: ParticipantRecord, recordIndex: Int, source: MeetingQoSSource, now: Date
    ) -> [(poor: Bool, json: JSONValue)] {
        let plan = source.plan
        guard plan.hasData else { return [] }
        let key = (UInt64(source.meetingIndex) << 20) | UInt64(recordIndex)
        var connection = SeededRandom(seed: source.seed, stream: ScenarioGenerator.Stream.qosSamples.rawValue, index: key << 24)
        let renderer = QoSSampleRenderer(
            spelling: plan.spelling,
            cameraResolution: connection.pick(["1280*720", "960*540", "640*360"]),
            receivedResolution: connection.pick(["1280*720", "640*360"]))
        let poorMinutes = plan.poorMinutes[recordIndex]
        let inMainRoom = record.breakoutRoomID.isEmpty
        return record.sampleMinutes.prefix { $0 <= now.epochSeconds }.map { minute in
            let sharing = plan.sharingMinutes.contains(minute)
            let facts = QoSSampleRenderer.Minute(
                minute: minute, poor: poorMinutes.contains(minute), cameraOff: plan.cameraOff[recordIndex],
                sendsShare: sharing && record.isHost, receivesShare: sharing && !record.isHost && inMainRoom)
            var random = SeededRandom(
                seed: source.seed, stream: ScenarioGenerator.Stream.qosSamples.rawValue,
                index: (key << 24) | UInt64(UTCTime.floorDiv(minute, 60) & 0xFF_FFFF))
            return (facts.poor, renderer.sample(facts, using: &random))
        }
    }
}
