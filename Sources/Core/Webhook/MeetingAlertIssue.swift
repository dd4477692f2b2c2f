/// `meeting.alert` issues normalised to a fixed set, so they can label a metric.
public enum MeetingAlertIssue: String, Sendable, CaseIterable {
    case unstableAudio = "unstable_audio"
    case unstableVideo = "unstable_video"
    case unstableScreenShare = "unstable_screen_share"
    case highCPU = "high_cpu"
    case callReconnection = "call_reconnection"
    case other

    public init(text: String) {
        let lowered = text.lowercased()
        switch true {
        case lowered.contains("audio"): self = .unstableAudio
        case lowered.contains("screen share"): self = .unstableScreenShare
        case lowered.contains("video"): self = .unstableVideo
        case lowered.contains("cpu"): self = .highCPU
        case lowered.contains("reconnect"): self = .callReconnection
        default: self = .other
        }
    }
}
