import ZoomDashCore

/// One meeting of a whole-store re-analysis, from its sessions to what the store's thread writes:
/// the same step whichever thread runs it (``AnalysisWorker``, ``ParallelMeetingReaders``, or the
/// store's own thread for the meetings only its connection sees as they are now).
struct MeetingReanalyser {
    private var analyzer: Analyzer
    private let context: AnalysisWorker.Context

    init(context: AnalysisWorker.Context) {
        self.context = context
        analyzer = Analyzer(thresholds: context.thresholds)
    }

    mutating func result(
        uuid: String, sessions: [ParticipantSession], explanation: AnalysisWorker.Explanation?
    ) -> AnalysisWorker.MeetingResult {
        let end = context.meetingEnds[uuid]
        let analysis = analyzer.analyse(
            meetingUUID: uuid, sessions: sessions, meetingEnd: end, quality: explanation?.quality ?? [],
            alerts: explanation?.alerts ?? [], accountIncidents: context.accountIncidents)
        let usage = UsageBucket.of(sessions: sessions, disconnections: analysis.disconnections, meetingEnd: end, now: context.now)
        return AnalysisWorker.MeetingResult(
            uuid: uuid, sessions: sessions.count, incidents: analysis.incidents,
            rows: DerivedMeetingRows(disconnections: analysis.disconnections, usage: usage))
    }
}
