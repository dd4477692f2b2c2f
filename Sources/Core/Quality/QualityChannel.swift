/// A media stream of one participant in Zoom's QoS data. `input` is what the participant sends
/// (their microphone, camera, shared screen), `output` what they receive.
public enum QualityChannel: Int, Sendable, Hashable, CaseIterable, Codable {
    case audioInput, audioOutput, videoInput, videoOutput, shareInput, shareOutput

    /// Zoom's key in a `user_qos` element, also our label and column prefix.
    public var zoomKey: String {
        switch self {
        case .audioInput: "audio_input"
        case .audioOutput: "audio_output"
        case .videoInput: "video_input"
        case .videoOutput: "video_output"
        case .shareInput: "as_input"
        case .shareOutput: "as_output"
        }
    }

    /// Video and screen share carry frame rate and resolution too.
    public var hasFrames: Bool { self != .audioInput && self != .audioOutput }

    /// The channels whose quality decides whether a minute is poor: screen share is bursty and
    /// often idle, so its figures say little about the connection.
    public static let judged: [QualityChannel] = [.audioInput, .audioOutput, .videoInput, .videoOutput]
}

/// A figure of a channel, in the fixed unit the store keeps.
public enum QualityMetric: Int, Sendable, Hashable, CaseIterable, Codable {
    /// Milliseconds.
    case latency
    /// Milliseconds.
    case jitter
    /// Percent of packets lost, averaged over the minute.
    case avgLoss
    /// Percent, the worst moment of the minute.
    case maxLoss
    /// Kilobits per second.
    case bitrate
    /// Frames per second.
    case frameRate

    public var zoomKey: String {
        switch self {
        case .latency: "latency"
        case .jitter: "jitter"
        case .avgLoss: "avg_loss"
        case .maxLoss: "max_loss"
        case .bitrate: "bitrate"
        case .frameRate: "frame_rate"
        }
    }

    /// The metrics a poor minute is judged on.
    public static let judged: [QualityMetric] = [.latency, .jitter, .avgLoss]
}

/// What made a minute poor: one metric of one channel. Rendered `audio_input.latency`, a fixed set
/// (4 channels × 3 metrics) fit for a metric label.
public struct PoorCause: Sendable, Hashable, Codable, CustomStringConvertible {
    public var channel: QualityChannel
    public var metric: QualityMetric

    public init(channel: QualityChannel, metric: QualityMetric) {
        self.channel = channel
        self.metric = metric
    }

    public var description: String { "\(channel.zoomKey).\(metric.zoomKey)" }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let channel = QualityChannel.allCases.first(where: { $0.zoomKey == parts[0] }),
            let metric = QualityMetric.allCases.first(where: { $0.zoomKey == parts[1] })
        else { return nil }
        self.init(channel: channel, metric: metric)
    }
}
