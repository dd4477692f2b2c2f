extension ExportTable {
    /// One row per meeting instance with QoS data.
    public static func quality(_ records: [QualityRecord]) -> ExportTable {
        ExportTable(
            name: "quality",
            columns: ["meeting_uuid", "meeting_id", "topic", "start", "participant_minutes", "poor_minutes", "poor_share", "worst_metric"],
            rows: records.map { record in
                [
                    .text(record.meetingUUID), Value(record.meetingID), Value(record.topic), record.start.map(Value.time) ?? .null,
                    Value(record.participantMinutes), Value(record.poorMinutes), .decimal(record.poorShare), Value(record.worstCause),
                ]
            })
    }

    /// The raw samples, one row per participant-minute, in fixed units (ms, %, kbps, fps).
    public static func qos(_ samples: [QualitySample], names: [String: String] = [:]) -> ExportTable {
        var columns = ["meeting_uuid", "participant_key", "participant_name", "minute"]
        for channel in QualityChannel.allCases {
            let prefix = channel.zoomKey
            columns += ["\(prefix)_latency_ms", "\(prefix)_jitter_ms", "\(prefix)_avg_loss_pct", "\(prefix)_max_loss_pct", "\(prefix)_bitrate_kbps"]
            if channel.hasFrames { columns += ["\(prefix)_frame_rate_fps", "\(prefix)_resolution"] }
        }
        columns += ["cpu_zoom_avg_pct", "cpu_zoom_max_pct", "cpu_system_max_pct"]
        return ExportTable(
            name: "qos", columns: columns,
            rows: samples.map { sample in
                var row: [Value] = [
                    .text(sample.meetingUUID), .text(sample.participantKey), Value(names[sample.participantKey]), .time(sample.minute),
                ]
                for channel in QualityChannel.allCases {
                    let figures = sample[channel]
                    row += [figures.latencyMs, figures.jitterMs, figures.avgLossPercent, figures.maxLossPercent, figures.bitrateKbps].map(Value.init)
                    if channel.hasFrames {
                        row.append(Value(figures.frameRate))
                        row.append(figures.width.flatMap { width in figures.height.map { .text("\(width)x\($0)") } } ?? .null)
                    }
                }
                row += [sample.cpu.zoomAvg, sample.cpu.zoomMax, sample.cpu.systemMax].map(Value.init)
                return row
            })
    }

    /// `meeting.alert` issues: normalised (`issue`) and in Zoom's words (`issue_text`).
    public static func alerts(_ records: [AlertRecord]) -> ExportTable {
        ExportTable(
            name: "alerts",
            columns: ["meeting_uuid", "meeting_id", "topic", "time", "issue", "issue_text"],
            rows: records.map { record in
                [
                    .text(record.alert.meetingUUID), Value(record.meetingID), Value(record.topic), .time(record.alert.time),
                    .text(record.alert.issue), .text(record.alert.text),
                ]
            })
    }
}

extension ExportTable.Value {
    init(_ number: Double?) { self = number.map(Self.decimal) ?? .null }
}
