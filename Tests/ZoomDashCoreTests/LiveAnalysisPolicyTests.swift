import Testing
import ZoomDashCore

@Suite struct LiveAnalysisPolicyTests {
    @Test func accountIncidentsStayDueUntilARefreshSucceeds() {
        var policy = LiveAnalysisPolicy(thresholds: AnalysisThresholds())
        policy.passStarts(thresholds: AnalysisThresholds())
        policy.analysed(meetingIncidentsChanged: false, watchedRoomsTouched: false)
        #expect(!policy.accountRefreshDue, "nothing changed: no refresh")
        policy.analysisFailed()
        #expect(policy.accountRefreshDue, "a pass that failed half-way may have changed meeting incidents")
        policy.passStarts(thresholds: AnalysisThresholds())
        policy.analysed(meetingIncidentsChanged: false, watchedRoomsTouched: false)
        #expect(policy.accountRefreshDue, "still due: no refresh has succeeded yet")
        policy.accountIncidentsRefreshed()
        #expect(!policy.accountRefreshDue)
    }

    @Test func aThresholdChangeOnReloadMakesTheRefreshDue() {
        var policy = LiveAnalysisPolicy(thresholds: AnalysisThresholds())
        var stricter = AnalysisThresholds()
        stricter.collectiveMinParticipants += 2
        policy.passStarts(thresholds: stricter)
        #expect(policy.accountRefreshDue)
        policy.accountIncidentsRefreshed()
        policy.passStarts(thresholds: stricter)
        #expect(!policy.accountRefreshDue, "once per change")
    }

    @Test func presenceStaysDueUntilWritten() {
        var policy = LiveAnalysisPolicy(thresholds: AnalysisThresholds())
        policy.analysed(meetingIncidentsChanged: false, watchedRoomsTouched: true)
        policy.publishFailed()
        policy.analysed(meetingIncidentsChanged: false, watchedRoomsTouched: false)
        #expect(policy.presenceDue, "the next pass writes it even without new events in the rooms")
        policy.published()
        #expect(!policy.presenceDue)
    }

    @Test func aStartOwesOneRefreshOfEachBecauseThePredecessorMayHaveStoppedBeforeIt() {
        var policy = LiveAnalysisPolicy(thresholds: AnalysisThresholds(), resuming: true)
        #expect(policy.accountRefreshDue && policy.presenceDue)
        policy.passStarts(thresholds: AnalysisThresholds())
        policy.analysed(meetingIncidentsChanged: false, watchedRoomsTouched: false)
        policy.accountIncidentsRefreshed()
        policy.published()
        #expect(!policy.accountRefreshDue && !policy.presenceDue)
    }

    @Test func pausesFollowThePassDurationWithinBounds() {
        let policy = LiveAnalysisPolicy(thresholds: AnalysisThresholds())
        #expect(policy.pause(afterPassOf: .milliseconds(10)) == .milliseconds(250))
        #expect(policy.pause(afterPassOf: .milliseconds(200)) == .milliseconds(3800), "19 times the pass: a twentieth of a core")
        #expect(policy.pause(afterPassOf: .seconds(30)) == .seconds(10), "the live view never waits longer")
    }

    @Test func failuresBackOffToFiveSecondsWhicheverStepFailsAndACompletePassResets() {
        var policy = LiveAnalysisPolicy(thresholds: AnalysisThresholds())
        var pauses: [Duration] = []
        for attempt in 0..<8 {
            // Analysis and publishing failing in turn must not reset each other's count.
            if attempt.isMultiple(of: 2) { policy.analysisFailed() } else { policy.publishFailed() }
            pauses.append(policy.pause(afterPassOf: .milliseconds(1)))
        }
        #expect(pauses == [1, 2, 4, 5, 5, 5, 5, 5].map { Duration.seconds($0) })
        policy.published()
        #expect(policy.failures == 0)
        #expect(policy.pause(afterPassOf: .milliseconds(1)) == .milliseconds(250))
    }
}
