import ZoomDashCore

/// Pure analysis of ≥ 1,000,000 sessions, generated meeting by meeting (as the store streams them).
enum AnalysisBench {
    static func run() async throws {
        var generator = SyntheticSessions()
        var meetings: [[ParticipantSession]] = []
        var total = 0
        var index = 0
        while total < 1_000_000 {
            let sessions = generator.meeting(index)
            total += sessions.count
            meetings.append(sessions)
            index += 1
        }
        let generatedMemory = Machine.peakMemoryMiB
        let (counts, seconds) = await measure { () -> (Int, Int, Int) in
            var analyzer = Analyzer(thresholds: AnalysisThresholds())
            var disconnections = 0
            var incidents: [Incident] = []
            for (number, sessions) in meetings.enumerated() {
                let result = analyzer.analyse(meetingUUID: "M\(number)", sessions: sessions, meetingEnd: nil)
                disconnections += result.disconnections.count
                incidents += result.incidents
            }
            return (disconnections, incidents.count, analyzer.accountIncidents(from: incidents).count)
        }
        report("analysis", [
            ("sessions", "\(total)"), ("meetings", "\(meetings.count)"), ("seconds", format(seconds)),
            ("sessions_per_s", format(Double(total) / seconds, 0)), ("disconnections", "\(counts.0)"),
            ("meeting_incidents", "\(counts.1)"), ("account_incidents", "\(counts.2)"),
            ("peak_rss_mib", format(Machine.peakMemoryMiB, 0)), ("rss_of_input_mib", format(generatedMemory, 0)),
        ])
    }
}
