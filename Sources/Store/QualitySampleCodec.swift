import ZoomDashCore

/// The compact on-disk form of a participant-minute's figures: a bit mask of the figures present,
/// then each present figure as a zig-zag LEB128 integer in a fixed unit (latency and jitter in ms,
/// loss and CPU in hundredths of a percent, bitrate in hundredths of kbps, frame rate in tenths of a
/// frame per second, resolution in pixels). Absent figures cost nothing; a typical minute with
/// audio and video both ways is about 50 bytes. The field order below is the format: append, never
/// reorder.
enum QualitySampleCodec {
    private enum Field: Sendable {
        case channel(QualityChannel, QualityMetric, scale: Double)
        case width(QualityChannel)
        case height(QualityChannel)
        /// 0 zoom min, 1 zoom avg, 2 zoom max, 3 system max.
        case cpu(Int)
    }

    private static let fields: [Field] = {
        var fields: [Field] = []
        for channel in QualityChannel.allCases {
            fields += [
                .channel(channel, .latency, scale: 1), .channel(channel, .jitter, scale: 1), .channel(channel, .avgLoss, scale: 100),
                .channel(channel, .maxLoss, scale: 100), .channel(channel, .bitrate, scale: 100),
            ]
            if channel.hasFrames { fields += [.channel(channel, .frameRate, scale: 10), .width(channel), .height(channel)] }
        }
        return fields + [.cpu(0), .cpu(1), .cpu(2), .cpu(3)]
    }()

    static func encode(_ sample: QualitySample) -> [UInt8] {
        var mask: UInt64 = 0
        var values: [Int64] = []
        values.reserveCapacity(fields.count)
        for (index, field) in fields.enumerated() {
            let value: Int64?
            switch field {
            case .channel(let channel, let metric, let scale): value = sample[channel][metric].map { Int64(($0 * scale).rounded()) }
            case .width(let channel): value = sample[channel].width.map(Int64.init)
            case .height(let channel): value = sample[channel].height.map(Int64.init)
            case .cpu(let index): value = sample.cpu[index].map { Int64(($0 * 100).rounded()) }
            }
            if let value {
                mask |= 1 << UInt64(index)
                values.append(value)
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + values.count * 2)
        appendVarint(mask, to: &bytes)
        for value in values { appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &bytes) }
        return bytes
    }

    /// - Throws: ``StoreError/corrupt(_:)`` for bytes this codec did not write.
    static func decode(_ bytes: UnsafeRawBufferPointer, into sample: inout QualitySample) throws(StoreError) {
        var offset = 0
        guard let mask = readVarint(bytes, &offset) else { throw .corrupt("a QoS sample's figures are truncated") }
        for (index, field) in fields.enumerated() where mask & (1 << UInt64(index)) != 0 {
            guard let raw = readVarint(bytes, &offset) else { throw .corrupt("a QoS sample's figures are truncated") }
            let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
            switch field {
            case .channel(let channel, let metric, let scale): sample.channels[channel.rawValue].set(metric, Double(value) / scale)
            case .width(let channel): sample.channels[channel.rawValue].width = Int(value)
            case .height(let channel): sample.channels[channel.rawValue].height = Int(value)
            case .cpu(let index): sample.cpu[index] = Double(value) / 100
            }
        }
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    static func readVarint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        return nil
    }
}

extension CPUUsage {
    fileprivate subscript(index: Int) -> Double? {
        get { [zoomMin, zoomAvg, zoomMax, systemMax][index] }
        set {
            switch index {
            case 0: zoomMin = newValue
            case 1: zoomAvg = newValue
            case 2: zoomMax = newValue
            default: systemMax = newValue
            }
        }
    }
}

extension ChannelQuality {
    fileprivate mutating func set(_ metric: QualityMetric, _ value: Double) {
        switch metric {
        case .latency: latencyMs = value
        case .jitter: jitterMs = value
        case .avgLoss: avgLossPercent = value
        case .maxLoss: maxLossPercent = value
        case .bitrate: bitrateKbps = value
        case .frameRate: frameRate = value
        }
    }
}

/// The on-disk form of a ``QualityTimeline``: the first minute (Unix minutes), then per minute the
/// gap to the previous one and its poor cause (0 = ok, else 1 + channel × 8 + metric).
enum QualityTimelineCodec {
    static func encode(_ timeline: QualityTimeline) -> [UInt8] {
        var bytes: [UInt8] = []
        var previous: Int64 = 0
        for minute in timeline.minutes {
            let index = minute.minute / 60
            QualitySampleCodec.appendVarint(UInt64(index - previous), to: &bytes)
            previous = index
            bytes.append(minute.poor.map { UInt8(1 + $0.channel.rawValue * 8 + $0.metric.rawValue) } ?? 0)
        }
        return bytes
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, participantKey: String) throws(StoreError) -> QualityTimeline {
        var offset = 0
        var minute: Int64 = 0
        var minutes: [QualityTimeline.Minute] = []
        while offset < bytes.count {
            guard let gap = QualitySampleCodec.readVarint(bytes, &offset), offset < bytes.count else {
                throw .corrupt("a quality timeline is truncated")
            }
            minute += Int64(gap)
            let code = Int(bytes[offset])
            offset += 1
            var poor: PoorCause?
            if code > 0, let channel = QualityChannel(rawValue: (code - 1) / 8), let metric = QualityMetric(rawValue: (code - 1) % 8) {
                poor = PoorCause(channel: channel, metric: metric)
            }
            minutes.append(QualityTimeline.Minute(minute: minute * 60, poor: poor))
        }
        return QualityTimeline(participantKey: participantKey, minutes: minutes)
    }
}
