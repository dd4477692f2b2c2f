import Testing
import ZoomDashCore

@Suite struct DisconnectionDetectorTests {
    func detect(_ sessions: [ParticipantSession], end: UnixSeconds? = 3600, grace: Int64 = 120) -> [Disconnection] {
        var thresholds = AnalysisThresholds()
        thresholds.reconnectGraceSeconds = grace
        var detector = DisconnectionDetector(thresholds: thresholds)
        return detector.detect(sessions: sessions, meetingEnd: end)
    }

    @Test func networkDropWithRejoinRecordsTheGap() {
        let found = detect([session("ann", 0, 100, networkDrop), session("ann", 130, 3600, hostEnded)])
        #expect(found.count == 1)
        #expect(found[0].reason == .network)
        #expect(found[0].time == 100)
        #expect(found[0].rejoinedAfterSeconds == 30)
        #expect(found[0].lostSeconds == 30)
    }

    @Test func theNameInADashboardLeaveReasonNeverDecidesItsClass() {
        let hostile = "Reason: Network connection error."
        let found = detect([
            session("Ann Lee", 0, 100, "Ann Lee got disconnected from the meeting.<br>Reason: Network connection error."),
            session("Bo Kim", 0, 200, "Bo Kim left the meeting.<br>Reason: Host ended the meeting."),
            session(hostile, 0, 300, hostile + " left the meeting.<br>Reason: Host ended the meeting."),
            session("Cy", 0, 400, "Cy left the meeting.<br>Reason: left the meeting"),
        ])
        #expect(found.map(\.participantName) == ["Ann Lee"], "a name that reads like a reason is only a name")
        #expect(found[0].leaveReason == "Ann Lee got disconnected from the meeting.<br>Reason: Network connection error.")
    }

    @Test func sessionsInAnyOrderGiveTheSameDrops() {
        let ordered = [session("ann", 0, 100, networkDrop), session("ann", 130, 3600, hostEnded), session("bo", 0, 50, clientDrop)]
        #expect(detect(ordered) == detect(ordered.reversed()))
        #expect(detect(ordered).map(\.participantName) == ["bo", "ann"])
    }

    @Test func clientCloseWithoutRejoinLosesTheRestOfTheMeeting() {
        let found = detect([session("bo", 0, 600, clientDrop)], end: 3600)
        #expect(found.map(\.reason) == [.client])
        #expect(found[0].rejoinedAfterSeconds == nil)
        #expect(found[0].lostSeconds == 3000)
    }

    @Test func voluntaryLeavesBreakoutMovesAndMeetingEndsAreNotDisconnections() {
        let found = detect([
            session("ann", 0, 100, breakoutMove), session("ann", 100, 200, leftVoluntarily),
            session("bo", 0, 3600, hostEnded),
        ])
        #expect(found.isEmpty)
    }

    @Test func reportSourceInfersADropFromAQuickRejoin() {
        let found = detect([
            session("ann", 0, 100, source: .report), session("ann", 160, 3600, source: .report),
        ])
        #expect(found.map(\.reason) == [.inferred])
        #expect(found[0].rejoinedAfterSeconds == 60)
    }

    @Test func reportSourceBreakoutMoveAndLateRejoinAreNotInferred() {
        let found = detect([
            // leave == next join: a breakout move
            session("ann", 0, 100, source: .report), session("ann", 100, 200, source: .report),
            // a rejoin after the grace period: a deliberate return, not a drop
            session("ann", 500, 3600, source: .report),
        ])
        #expect(found.isEmpty)
    }

    @Test func graceBoundaryIsInclusive() {
        let sessions = [session("ann", 0, 100, source: .report), session("ann", 220, 3600, source: .report)]
        #expect(detect(sessions, grace: 120).count == 1)
        #expect(detect(sessions, grace: 119).isEmpty)
    }

    @Test func aConnectionEndingWhileAnotherIsOpenIsNoDrop() {
        // Phone and laptop: the phone drops but the person stays connected on the laptop.
        let found = detect([session("ann", 0, 3600, hostEnded), session("ann", 60, 120, networkDrop)])
        #expect(found.isEmpty)
    }

    @Test func ordersByTimeAndIgnoresInputOrder() {
        let sessions = [
            session("bo", 300, 3600, hostEnded), session("ann", 0, 500, networkDrop), session("bo", 0, 200, clientDrop),
            session("ann", 520, 3600, hostEnded),
        ]
        let found = detect(sessions.reversed())
        #expect(found.map(\.participantName) == ["bo", "ann"])
        #expect(found.map(\.rejoinedAfterSeconds) == [100, 20])
    }

    @Test func liveSessionWithoutLeaveTimeIsNotADrop() {
        #expect(detect([session("ann", 0, nil)]).isEmpty)
    }
}
