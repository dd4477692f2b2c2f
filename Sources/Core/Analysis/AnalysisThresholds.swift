/// The `[analysis]` settings. Changing them and running `zoomdashctl reanalyze` re-derives everything.
public struct AnalysisThresholds: Sendable, Hashable, Codable {
    /// A Report-source session end followed by a rejoin within this many seconds is an inferred drop.
    public var reconnectGraceSeconds: Int64 = 120
    /// Drops within this many seconds of a cluster's first drop belong to that cluster.
    public var collectiveWindowSeconds: Int64 = 60
    public var collectiveMinParticipants: Int = 3
    /// Share of the participants present at the first drop that must drop too.
    public var collectiveMinFraction: Double = 0.2
    /// Meeting-level incidents needed, within the window, for an account-level incident.
    public var accountMinMeetings: Int = 3
    /// `[quality]`: poor minutes and cause attribution (they derive from the analysis too).
    public var quality = QualitySettings()

    public init() {}

    /// Distinct people that must drop together for a meeting-level incident, given who was present.
    public func requiredDrops(present: Int) -> Int {
        let fraction = (collectiveMinFraction * Double(present)).rounded(.up)
        return max(collectiveMinParticipants, Int(fraction))
    }
}
