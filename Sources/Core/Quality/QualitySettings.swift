/// The `[quality]` settings: when a participant-minute is poor, how far back a drop looks, how an
/// incident's cause is decided, and how long raw samples stay. docs/analysis.md gives each default's
/// source; changing them and running `zoomdashctl reanalyze` re-derives everything.
public struct QualitySettings: Sendable, Hashable, Codable {
    /// One-way-ish network latency above this is poor (ITU-T G.114 plans for ≤ 400 ms one way;
    /// peers call 300 ms round trip bad).
    public var poorLatencyMs: Double = 300
    /// Jitter above this is poor (Dolby and Pexip degrade a quality level above 40 ms).
    public var poorJitterMs: Double = 40
    /// Average packet loss above this is poor (Polycom's "critical" level; Microsoft's CQD uses 10 %).
    public var poorAvgLossPercent: Double = 5
    /// Minutes before a drop that say whether the person's connection was already failing.
    public var beforeDropMinutes: Int = 3
    /// Share of an incident's dropped people (with data) that must have been poor before it for the
    /// cause to be their local network.
    public var localMinDroppedShare: Double = 0.5
    /// …while at most this share of the others in the room (with data) was poor in the same minutes.
    public var localMaxOthersShare: Double = 0.2
    /// Days raw samples are kept; the per-meeting and per-participant summaries stay with the sessions.
    public var rawRetentionDays: Int = 180

    public init() {}

    /// The judged figure of a channel that breaks its threshold by the widest margin, if any.
    public func poorCause(of sample: QualitySample) -> PoorCause? {
        var worst: (cause: PoorCause, ratio: Double)?
        for channel in QualityChannel.judged {
            let figures = sample[channel]
            for metric in QualityMetric.judged {
                guard let value = figures[metric], let limit = threshold(metric), value > limit else { continue }
                let ratio = value / limit
                if worst.map({ ratio > $0.ratio }) ?? true { worst = (PoorCause(channel: channel, metric: metric), ratio) }
            }
        }
        return worst?.cause
    }

    func threshold(_ metric: QualityMetric) -> Double? {
        switch metric {
        case .latency: poorLatencyMs
        case .jitter: poorJitterMs
        case .avgLoss: poorAvgLossPercent
        case .maxLoss, .bitrate, .frameRate: nil
        }
    }
}
