/// One `user_qos[]` element with Zoom's unit-suffixed strings. Figures are drawn from a hash of
/// (seed, meeting, connection, minute), so every request sees the same sample.
///
/// Healthy and poor figures are far apart (healthy latency ≤ 120 ms, jitter ≤ 15 ms, avg_loss
/// ≤ 0.8 %; poor ≥ 450 ms, ≥ 60 ms, ≥ 8 %) so no reasonable threshold can disagree with the truth.
struct QoSSampleRenderer {
    let spelling: QoSUnitSpelling
    /// Stable for the connection: "W*H" of the camera and of the video received.
    let cameraResolution: String
    let receivedResolution: String

    struct Minute {
        let minute: Int
        let poor: Bool
        let cameraOff: Bool
        let sendsShare: Bool
        let receivesShare: Bool
    }

    private typealias Channel = [(String, String)]

    private static let networkKeys = ["bitrate", "latency", "jitter", "avg_loss", "max_loss"]
    private static let videoKeys = networkKeys + ["resolution", "frame_rate"]

    func sample(_ facts: Minute, using random: inout SeededRandom) -> JSONValue {
        var channels: [(String, Channel)] = [
            ("audio_input", network(poor: facts.poor, bitrate: 2000...8000, using: &random)),
            ("audio_output", network(poor: facts.poor, bitrate: 2000...8000, using: &random)),
            ("video_input", facts.cameraOff
                ? Self.videoKeys.map { ($0, "-") } : video(poor: facts.poor, resolution: cameraResolution, using: &random)),
            ("video_output", video(poor: facts.poor, resolution: receivedResolution, using: &random)),
            ("as_input", facts.sendsShare ? video(poor: facts.poor, resolution: "1920*1080", using: &random) : Self.idleShare),
            ("as_output", facts.receivesShare ? video(poor: facts.poor, resolution: "1920*1080", using: &random) : Self.idleShare),
            ("cpu_usage", cpu(using: &random)),
        ]
        // Zoom leaves the odd figure blank or out; never where it would hide a poor minute.
        if !facts.poor, random.chance(0.04) {
            let candidates = [0, 1, 3, 6] + (facts.cameraOff ? [] : [2])
            let channel = random.pick(candidates)
            let key = random.int(in: 0...(channels[channel].1.count - 1))
            if random.chance(0.5) { channels[channel].1[key].1 = "" } else { channels[channel].1.remove(at: key) }
        }
        let rssi: JSONValue = .object([
            ("max_rssi", .integer(random.int(in: -45 ... -35))),
            ("avg_rssi", .integer(random.int(in: -60 ... -50))),
            ("min_rssi", .integer(random.int(in: -75 ... -65))),
            ("rssi_unit", .string("dBm")),
        ])
        return .object(
            [("date_time", .string(UTCTime.iso8601(epochSeconds: facts.minute)))]
                + channels.map { ($0.0, .object($0.1.map { ($0.0, .string($0.1)) })) }
                + [("audio_device_from_crc", .object([])), ("video_device_to_rwg", .object([])), ("wifi_rssi", rssi)])
    }

    private static let idleShare: Channel = videoKeys.map { ($0, "") }

    private func network(poor: Bool, bitrate: ClosedRange<Int>, using random: inout SeededRandom) -> Channel {
        // Loss in hundredths (avg) and tenths (max) of a percent; max_loss never below avg_loss.
        let avgLoss = poor ? random.int(in: 800...2500) : random.int(in: 0...80)
        let maxFloor = (avgLoss + 9) / 10
        let maxLoss = poor ? random.int(in: max(200, maxFloor)...400) : random.int(in: maxFloor...20)
        return [
            ("bitrate", spelling.kbps(hundredths: random.int(in: bitrate))),
            ("latency", spelling.ms(poor ? random.int(in: 450...900) : random.int(in: 20...120))),
            ("jitter", spelling.ms(poor ? random.int(in: 60...150) : random.int(in: 0...15))),
            ("avg_loss", QoSUnitSpelling.percent(avgLoss, places: 2)),
            ("max_loss", QoSUnitSpelling.percent(maxLoss, places: 1)),
        ]
    }

    private func video(poor: Bool, resolution: String, using random: inout SeededRandom) -> Channel {
        network(poor: poor, bitrate: 30_000...150_000, using: &random)
            + [("resolution", resolution), ("frame_rate", spelling.fps(random.int(in: 15...30)))]
    }

    private func cpu(using random: inout SeededRandom) -> Channel {
        let figures = (0..<4).map { _ in random.int(in: 5...40) }.sorted()
        return zip(["zoom_min_cpu_usage", "zoom_avg_cpu_usage", "zoom_max_cpu_usage", "system_max_cpu_usage"], figures)
            .map { ($0, "\($1)%") }
    }
}
