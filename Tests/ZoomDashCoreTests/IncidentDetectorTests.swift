import Testing
import ZoomDashCore

@Suite struct IncidentDetectorTests {
    let thresholds = AnalysisThresholds()

    func analyse(_ sessions: [ParticipantSession], meeting: String = "M1") -> MeetingAnalysis {
        var analyzer = Analyzer(thresholds: thresholds)
        return analyzer.analyse(meetingUUID: meeting, sessions: sessions, meetingEnd: 3600)
    }

    /// `present` people in the room; the first `dropping` of them drop at `at + i` seconds and rejoin.
    func room(present: Int, dropping: Int, at: UnixSeconds, spacing: UnixSeconds = 1, meeting: String = "M1")
        -> [ParticipantSession]
    {
        (0..<present).flatMap { index -> [ParticipantSession] in
            let who = "p\(index)"
            guard index < dropping else { return [session(who, 0, 3600, hostEnded, meeting: meeting)] }
            let drop = at + UnixSeconds(index) * spacing
            return [
                session(who, 0, drop, networkDrop, meeting: meeting),
                session(who, drop + 30, 3600, hostEnded, meeting: meeting),
            ]
        }
    }

    @Test func manyDropsWithinTheWindowMakeAMeetingIncident() {
        let result = analyse(room(present: 20, dropping: 6, at: 1000, spacing: 5))
        #expect(result.disconnections.count == 6)
        let incident = try! #require(result.incidents.first)
        #expect(result.incidents.count == 1)
        #expect(incident.scope == .meeting)
        #expect(incident.start == 1000)
        #expect(incident.end == 1025)
        #expect(incident.dropped == 6)
        #expect(incident.present == 20)
    }

    @Test func thresholdIsTheLargerOfMinimumAndFraction() {
        #expect(thresholds.requiredDrops(present: 10) == 3)  // ceil(0.2 × 10) = 2 < 3
        #expect(thresholds.requiredDrops(present: 40) == 8)  // ceil(0.2 × 40) = 8
        #expect(thresholds.requiredDrops(present: 41) == 9)
        // 7 of 40 is under 20%: no incident; 8 of 40 is.
        #expect(analyse(room(present: 40, dropping: 7, at: 1000)).incidents.isEmpty)
        #expect(analyse(room(present: 40, dropping: 8, at: 1000)).incidents.count == 1)
    }

    @Test func twoDropsAreNeverAnIncident() {
        #expect(analyse(room(present: 4, dropping: 2, at: 1000)).incidents.isEmpty)
    }

    @Test func dropsSpreadBeyondTheWindowDoNotCluster() {
        // 4 drops 40 s apart: each cluster of the greedy rule holds at most 2.
        #expect(analyse(room(present: 10, dropping: 4, at: 1000, spacing: 40)).incidents.isEmpty)
    }

    @Test func windowBoundaryIsInclusiveAndClustersAreGreedy() {
        // Drops at 1000, 1030, 1060 (inclusive edge), then 1061, 1062, 1063 start a second cluster.
        let times: [UnixSeconds] = [1000, 1030, 1060, 1061, 1062, 1063]
        var sessions: [ParticipantSession] = []
        for (index, time) in times.enumerated() {
            sessions += [session("p\(index)", 0, time, networkDrop), session("p\(index)", time + 5, 3600, hostEnded)]
        }
        let incidents = analyse(sessions).incidents
        #expect(incidents.map(\.start) == [1000, 1061])
        #expect(incidents.map(\.dropped) == [3, 3])
    }

    @Test func accountIncidentNeedsEnoughMeetingsInTheWindow() {
        let detector = IncidentDetector(thresholds: thresholds)
        func incident(_ meeting: String, _ start: UnixSeconds) -> Incident {
            Incident(scope: .meeting, meetingUUID: meeting, start: start, end: start + 5, dropped: 4, present: 10, meetings: 1)
        }
        let three = [incident("A", 1000), incident("B", 1020), incident("C", 1060), incident("D", 5000)]
        let account = detector.accountIncidents(from: three)
        #expect(account.count == 1)
        #expect(account[0].scope == .account)
        #expect(account[0].meetingUUID == nil)
        #expect(account[0].meetings == 3)
        #expect(account[0].dropped == 12)
        #expect(account[0].present == 30)
        #expect(account[0].start == 1000)
        #expect(account[0].end == 1065)
        // Two meetings only, or the same meeting twice, is not enough.
        #expect(detector.accountIncidents(from: [incident("A", 1000), incident("B", 1001)]).isEmpty)
        #expect(detector.accountIncidents(from: [incident("A", 1000), incident("A", 1010), incident("B", 1020)]).isEmpty)
    }

    @Test func presentCountsEveryoneConnectedAtTheFirstDropIncludingLateJoinersAlreadyIn() {
        var sessions = room(present: 5, dropping: 3, at: 1000)
        sessions.append(session("late", 2000, 3600, hostEnded))  // not yet there
        sessions.append(session("gone", 0, 500, leftVoluntarily))  // already gone
        let incident = try! #require(analyse(sessions).incidents.first)
        #expect(incident.present == 5)
    }
}
