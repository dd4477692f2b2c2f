/// The figures of one channel in one minute; `nil` where Zoom gave no value.
public struct ChannelQuality: Sendable, Hashable {
    public var latencyMs: Double?
    public var jitterMs: Double?
    public var avgLossPercent: Double?
    public var maxLossPercent: Double?
    public var bitrateKbps: Double?
    public var frameRate: Double?
    public var width: Int?
    public var height: Int?

    public init(
        latencyMs: Double? = nil, jitterMs: Double? = nil, avgLossPercent: Double? = nil, maxLossPercent: Double? = nil,
        bitrateKbps: Double? = nil, frameRate: Double? = nil, width: Int? = nil, height: Int? = nil
    ) {
        self.latencyMs = latencyMs
        self.jitterMs = jitterMs
        self.avgLossPercent = avgLossPercent
        self.maxLossPercent = maxLossPercent
        self.bitrateKbps = bitrateKbps
        self.frameRate = frameRate
        self.width = width
        self.height = height
    }

    public subscript(metric: QualityMetric) -> Double? {
        switch metric {
        case .latency: latencyMs
        case .jitter: jitterMs
        case .avgLoss: avgLossPercent
        case .maxLoss: maxLossPercent
        case .bitrate: bitrateKbps
        case .frameRate: frameRate
        }
    }

    public var isEmpty: Bool { self == ChannelQuality() }

    /// Two connections of one person in one minute: keep the worse of each quality figure (a person
    /// whose second device struggled did struggle), the higher bitrate and resolution.
    public func merged(with other: ChannelQuality) -> ChannelQuality {
        ChannelQuality(
            latencyMs: Self.pick(latencyMs, other.latencyMs, max), jitterMs: Self.pick(jitterMs, other.jitterMs, max),
            avgLossPercent: Self.pick(avgLossPercent, other.avgLossPercent, max),
            maxLossPercent: Self.pick(maxLossPercent, other.maxLossPercent, max),
            bitrateKbps: Self.pick(bitrateKbps, other.bitrateKbps, max), frameRate: Self.pick(frameRate, other.frameRate, min),
            width: Self.pick(width, other.width, max), height: Self.pick(height, other.height, max))
    }

    static func pick<T>(_ a: T?, _ b: T?, _ choose: (T, T) -> T) -> T? {
        guard let a else { return b }
        guard let b else { return a }
        return choose(a, b)
    }
}

/// Zoom's CPU figures of a minute, in percent.
public struct CPUUsage: Sendable, Hashable {
    public var zoomMin: Double?
    public var zoomAvg: Double?
    public var zoomMax: Double?
    public var systemMax: Double?

    public init(zoomMin: Double? = nil, zoomAvg: Double? = nil, zoomMax: Double? = nil, systemMax: Double? = nil) {
        self.zoomMin = zoomMin
        self.zoomAvg = zoomAvg
        self.zoomMax = zoomMax
        self.systemMax = systemMax
    }

    public func merged(with other: CPUUsage) -> CPUUsage {
        CPUUsage(
            zoomMin: ChannelQuality.pick(zoomMin, other.zoomMin, min), zoomAvg: ChannelQuality.pick(zoomAvg, other.zoomAvg, max),
            zoomMax: ChannelQuality.pick(zoomMax, other.zoomMax, max), systemMax: ChannelQuality.pick(systemMax, other.systemMax, max))
    }
}

/// One participant-minute of call quality: Zoom's per-minute QoS of one person (all their
/// connections merged) in one meeting instance.
public struct QualitySample: Sendable, Hashable {
    public var meetingUUID: String
    /// The same identity as the person's sessions (``ParticipantIdentity``).
    public var participantKey: String
    /// Start of the minute, Unix seconds (a multiple of 60).
    public var minute: UnixSeconds
    /// Indexed by ``QualityChannel/rawValue``.
    public var channels: [ChannelQuality]
    public var cpu: CPUUsage

    public init(meetingUUID: String, participantKey: String, minute: UnixSeconds, channels: [ChannelQuality] = [], cpu: CPUUsage = CPUUsage()) {
        self.meetingUUID = meetingUUID
        self.participantKey = participantKey
        self.minute = minute - ((minute % 60) + 60) % 60
        var all = channels
        all += Array(repeating: ChannelQuality(), count: max(0, QualityChannel.allCases.count - all.count))
        self.channels = all
        self.cpu = cpu
    }

    public subscript(channel: QualityChannel) -> ChannelQuality {
        get { channels[channel.rawValue] }
        set { channels[channel.rawValue] = newValue }
    }

    /// Whether Zoom gave any figure at all for this minute.
    public var hasData: Bool { channels.contains { !$0.isEmpty } || cpu != CPUUsage() }

    public func merged(with other: QualitySample) -> QualitySample {
        var result = self
        for channel in QualityChannel.allCases { result[channel] = self[channel].merged(with: other[channel]) }
        result.cpu = cpu.merged(with: other.cpu)
        return result
    }

    /// Merges the samples of several connections: one sample per person and minute, sorted by
    /// person, then minute.
    public static func mergedByIdentity(_ samples: [QualitySample]) -> [QualitySample] {
        var merged: [String: [UnixSeconds: QualitySample]] = [:]
        for sample in samples {
            if let existing = merged[sample.participantKey]?[sample.minute] {
                merged[sample.participantKey]![sample.minute] = existing.merged(with: sample)
            } else {
                merged[sample.participantKey, default: [:]][sample.minute] = sample
            }
        }
        return merged.keys.sorted().flatMap { key in merged[key]!.keys.sorted().map { merged[key]![$0]! } }
    }
}
