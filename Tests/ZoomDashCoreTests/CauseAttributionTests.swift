import Testing
import ZoomDashCore

/// Drops and incidents explained by call quality: the evidence rules of docs/analysis.md.
@Suite struct CauseAttributionTests {
    let settings = QualitySettings()
    /// Ten people from 0 to 6000; four of them drop (network) between 3000 and 3004 and come back.
    let people = (0..<10).map { "p\($0)" }
    var sessions: [ParticipantSession] {
        people.enumerated().flatMap { index, who -> [ParticipantSession] in
            guard index < 4 else { return [session(who, 0, 6000, leftVoluntarily)] }
            return [session(who, 0, 3000 + Int64(index), networkDrop), session(who, 3030, 6000, leftVoluntarily)]
        }
    }

    func timeline(_ who: String, poor: Set<Int64>, from: Int64 = 0, to: Int64 = 5940) -> QualityTimeline {
        let cause = PoorCause(channel: .audioInput, metric: .latency)
        return QualityTimeline(
            participantKey: "name:" + who,
            minutes: stride(from: from, through: to, by: 60).map { QualityTimeline.Minute(minute: $0, poor: poor.contains($0) ? cause : nil) })
    }

    func analyse(_ quality: [QualityTimeline], alerts: [MeetingAlert] = [], account: [Incident] = []) -> MeetingAnalysis {
        var analyzer = Analyzer(thresholds: AnalysisThresholds())
        return analyzer.analyse(meetingUUID: "M1", sessions: sessions, meetingEnd: 6000, quality: quality, alerts: alerts, accountIncidents: account)
    }

    @Test func qualityBeforeLooksAtTheMinutesOverlappingTheLastThree() {
        let attribution = CauseAttribution(settings: settings, collectiveWindowSeconds: 60)
        #expect(attribution.qualityBefore(at: 3000, timeline: timeline("a", poor: [2820])) == .poor, "3000 − 180 = 2820: its minute counts")
        #expect(attribution.qualityBefore(at: 3000, timeline: timeline("a", poor: [2760])) == .ok, "four minutes before is too early")
        #expect(attribution.qualityBefore(at: 3000, timeline: timeline("a", poor: [3000])) == .poor, "the minute of the drop counts")
        #expect(attribution.qualityBefore(at: 3000, timeline: timeline("a", poor: [3060])) == .ok, "after the drop does not")
        #expect(attribution.qualityBefore(at: 3000, timeline: timeline("a", poor: [], from: 3300)) == .unknown, "no data before")
        #expect(attribution.qualityBefore(at: 3000, timeline: nil) == .unknown)
    }

    @Test func droppersPoorAndTheRoomFineIsTheLocalNetwork() {
        let quality = people.enumerated().map { index, who in timeline(who, poor: index < 3 ? [2940] : []) }
        let analysis = analyse(quality)
        #expect(analysis.disconnections.map(\.qualityBefore) == [.poor, .poor, .poor, .ok])
        let incident = try! #require(analysis.incidents.first)
        #expect(incident.cause == .localNetwork)
        #expect(incident.evidence.droppedPoor == 3 && incident.evidence.droppedWithData == 4)
        #expect(incident.evidence.othersPoor == 0 && incident.evidence.othersWithData == 6)
    }

    @Test func droppersFineUntilTheDropPointsAtZoom() {
        let analysis = analyse(people.map { timeline($0, poor: []) })
        #expect(analysis.incidents.map(\.cause) == [.zoomOrShared])
        #expect(analysis.disconnections.allSatisfy { $0.qualityBefore == .ok })
    }

    @Test func aWholeRoomStrugglingIsShared() {
        let quality = people.enumerated().map { index, who in timeline(who, poor: index < 7 ? [2940] : []) }
        let incident = analyse(quality).incidents.first!
        #expect(incident.evidence.othersPoor == 3 && incident.evidence.othersWithData == 6)
        #expect(incident.cause == .zoomOrShared, "half of the others were poor too (the limit is 20 %)")
    }

    @Test func exactlyHalfTheDroppersPoorIsNotEnough() {
        let quality = people.enumerated().map { index, who in timeline(who, poor: index < 2 ? [2940] : []) }
        #expect(analyse(quality).incidents.first?.cause == .zoomOrShared, "the share must be above 0.5")
    }

    @Test func withoutQoSTheCauseIsUnknown() {
        let analysis = analyse([])
        #expect(analysis.incidents.map(\.cause) == [.unknown])
        #expect(analysis.disconnections.allSatisfy { $0.qualityBefore == .unknown })
    }

    @Test func partOfAZoomBadMomentIsZoomWhateverTheRoomSays() {
        let quality = people.enumerated().map { index, who in timeline(who, poor: index < 4 ? [2940] : []) }
        let account = Incident(scope: .account, meetingUUID: nil, start: 2970, end: 3050, dropped: 12, present: 30, meetings: 3)
        let incident = analyse(quality, account: [account]).incidents.first!
        #expect(incident.evidence.qualityCause == .localNetwork)
        #expect(incident.cause == .zoomOrShared)
        let later = Incident(scope: .account, meetingUUID: nil, start: 2900, end: 3050, dropped: 12, present: 30, meetings: 3)
        #expect(analyse(quality, account: [later]).incidents.first?.cause == .localNetwork, "started 100 s before: another cluster")
    }

    @Test func alertsDataCentresAndNetworksBecomeEvidence() {
        var dropping = sessions
        var count = 0
        for index in dropping.indices where dropping[index].leaveReason == networkDrop {
            count += 1
            dropping[index].details.dataCenter = count % 2 == 0 ? "Germany (FR)" : "Netherlands (AM)"
            dropping[index].details.networkType = "Wifi"
        }
        let alerts = [
            MeetingAlert(meetingUUID: "M1", time: 2850, issue: "unstable_audio", text: "Unstable audio quality"),
            MeetingAlert(meetingUUID: "M1", time: 3100, issue: "call_reconnection", text: "Call Reconnection"),
            MeetingAlert(meetingUUID: "M1", time: 1000, issue: "high_cpu", text: "High CPU occupation"),
        ]
        var analyzer = Analyzer(thresholds: AnalysisThresholds())
        let incident = analyzer.analyse(meetingUUID: "M1", sessions: dropping, meetingEnd: 6000, alerts: alerts).incidents.first!
        #expect(incident.evidence.alerts == ["Unstable audio quality"], "from three minutes before to a minute after")
        #expect(incident.evidence.dataCentres == ["Germany (FR)", "Netherlands (AM)"])
        #expect(incident.evidence.networkTypes == ["Wifi"])
    }

    @Test func anAccountIncidentGathersItsMeetingsEvidence() {
        var members: [Incident] = []
        for (index, uuid) in ["A", "B", "C"].enumerated() {
            var incident = Incident(scope: .meeting, meetingUUID: uuid, start: 3000 + Int64(index) * 10, end: 3040, dropped: 4, present: 10, meetings: 1)
            incident.evidence.dataCentres = ["DC\(index % 2)"]
            incident.evidence.alerts = index == 1 ? ["Call Reconnection"] : []
            incident.evidence.qualityCause = .localNetwork
            members.append(incident)
        }
        let analyzer = Analyzer(thresholds: AnalysisThresholds())
        let account = analyzer.accountIncidents(from: members)
        #expect(account.count == 1)
        #expect(account[0].cause == .zoomOrShared)
        #expect(account[0].evidence.meetingUUIDs == ["A", "B", "C"])
        #expect(account[0].evidence.dataCentres == ["DC0", "DC1"])
        #expect(account[0].evidence.alerts == ["Call Reconnection"])
        #expect(analyzer.withFinalCauses(members, accountIncidents: account).allSatisfy { $0.cause == .zoomOrShared })
        #expect(analyzer.withFinalCauses(members, accountIncidents: []).allSatisfy { $0.cause == .localNetwork })
    }
}
