import ZoomDashCore

/// One participant connection from `GET /metrics/meetings/{uuid}/participants/qos`, with its
/// per-minute samples (`user_qos`). Decoding never fails on a quirk: unknown channels and fields are
/// ignored, values that are not numbers are absent, a sample without a time is skipped.
public struct ZoomQoSRecord: ZoomListItem {
    public static let listKey = "participants"
    public var connectionID: String
    public var zoomUserID: String
    public var participantUUID: String
    public var name: String
    public var email: String
    public var joinTime: UnixSeconds?
    public var leaveTime: UnixSeconds?
    public var dataCenter: String
    public var networkType: String
    /// Samples with the identity left empty; ``samples(meetingUUID:)`` fills it in.
    public var minutes: [QualitySample]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        func text(_ key: String) -> String { c.lenientString(AnyCodingKey(key)) ?? "" }
        connectionID = text("user_id")
        zoomUserID = c.lenientString(AnyCodingKey("id")) ?? text("participant_user_id")
        participantUUID = text("participant_uuid")
        name = text("user_name")
        email = text("email")
        joinTime = c.lenientTime(AnyCodingKey("join_time"))
        leaveTime = c.lenientTime(AnyCodingKey("leave_time"))
        dataCenter = text("data_center")
        networkType = text("network_type")
        let raw = (try? c.decodeIfPresent([LenientSample].self, forKey: AnyCodingKey("user_qos"))) ?? []
        minutes = raw.compactMap(\.sample)
    }

    /// The identity of the participants collector's sessions (``ParticipantIdentity``): the QoS list
    /// carries the same ids, so a person's quality lines up with their connections.
    public var participantKey: String {
        ParticipantIdentity.key(participantUUID: participantUUID, zoomUserID: zoomUserID, registrantID: nil, email: email, name: name)
    }

    public func samples(meetingUUID: String) -> [QualitySample] {
        let key = participantKey
        return minutes.map {
            var sample = $0
            sample.meetingUUID = meetingUUID
            sample.participantKey = key
            return sample
        }
    }
}

/// A `user_qos` element; `sample` is nil when it has no usable time.
private struct LenientSample: Decodable {
    var sample: QualitySample?

    init(from decoder: any Decoder) throws {
        guard let c = try? decoder.container(keyedBy: AnyCodingKey.self), let time = c.lenientTime(AnyCodingKey("date_time")) else {
            sample = nil
            return
        }
        var result = QualitySample(meetingUUID: "", participantKey: "", minute: time)
        for channel in QualityChannel.allCases {
            guard let figures = try? c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey(channel.zoomKey)) else { continue }
            func value(_ key: String) -> Double? { figures.lenientString(AnyCodingKey(key)).flatMap(ZoomQuantity.parse) }
            var quality = ChannelQuality(
                latencyMs: value("latency"), jitterMs: value("jitter"), avgLossPercent: value("avg_loss"),
                maxLossPercent: value("max_loss"), bitrateKbps: Self.kbps(figures.lenientString(AnyCodingKey("bitrate"))))
            if channel.hasFrames {
                quality.frameRate = value("frame_rate")
                if let size = figures.lenientString(AnyCodingKey("resolution")).flatMap(ZoomQuantity.resolution) {
                    quality.width = size.width
                    quality.height = size.height
                }
            }
            result[channel] = quality
        }
        if let cpu = try? c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey("cpu_usage")) {
            func value(_ key: String) -> Double? { cpu.lenientString(AnyCodingKey(key)).flatMap(ZoomQuantity.parse) }
            result.cpu = CPUUsage(
                zoomMin: value("zoom_min_cpu_usage"), zoomAvg: value("zoom_avg_cpu_usage"), zoomMax: value("zoom_max_cpu_usage"),
                systemMax: value("system_max_cpu_usage"))
        }
        sample = result
    }

    /// Bitrates are kbps, unless Zoom spelled out another unit.
    static func kbps(_ text: String?) -> Double? {
        guard let text, let value = ZoomQuantity.parse(text) else { return nil }
        return text.lowercased().contains("mbps") ? value * 1000 : value
    }
}
