import Testing
import ZoomDashCore

@Suite struct SchedulerStateMachineTests {
    let spec = SchedulerStateMachine.JobSpec(name: "participants", intervalSeconds: 900, lookbackSeconds: 6 * 3600, jitterSeconds: 60)

    @Test func runsEveryIntervalWithJitterAndNeverOverlaps() {
        var machine = SchedulerStateMachine()
        machine.add(spec, completedUntil: nil, now: 1000, jitter: 0.5)
        #expect(machine.due(now: 1000).isEmpty)
        #expect(machine.nextWakeup() == 1030)
        #expect(machine.due(now: 1030) == [.run(job: "participants", from: 1030 - 21_600, to: 1030)])
        // Still running: a later tick starts nothing.
        #expect(machine.due(now: 5000).isEmpty)
        #expect(machine.nextWakeup() == nil)
        machine.finished("participants", success: true, now: 1100, jitter: 1)
        #expect(machine.nextWakeup() == 2060.0)
    }

    @Test func aRunSkippedForTheLeaseIsNoFailureAndCompletesNothing() {
        var machine = SchedulerStateMachine()
        machine.add(spec, completedUntil: 500, now: 1000, jitter: 0)
        #expect(machine.due(now: 1000).count == 1)
        machine.skipped("participants", now: 1001, jitter: 0)
        #expect(machine.consecutiveFailures("participants") == 0)
        #expect(machine.completedUntil("participants") == 500)
        #expect(machine.nextWakeup() == 1901, "the interval, not a backoff")
        #expect(machine.due(now: 1901) == [.run(job: "participants", from: 1901 - 21_600, to: 1901)], "the skipped window is still owed")
    }

    @Test func failuresBackOffExponentiallyUpToACap() {
        var machine = SchedulerStateMachine()
        machine.add(spec, completedUntil: nil, now: 0, jitter: 0)
        var now = 0.0
        var delays: [Double] = []
        for _ in 0..<12 {
            #expect(machine.due(now: now).count == 1)
            machine.finished("participants", success: false, now: now, jitter: 1)
            let next = machine.nextWakeup()!
            delays.append(next - now)
            now = next
        }
        #expect(delays.prefix(4) == [30, 60, 120, 240])
        #expect(delays.last == 7200.0)
        #expect(machine.consecutiveFailures("participants") == 12)
        _ = machine.due(now: now)
        machine.finished("participants", success: true, now: now, jitter: 0)
        #expect(machine.consecutiveFailures("participants") == 0)
        #expect(machine.nextWakeup() == now + 900)
    }

    @Test func catchesUpFromTheLastCompletedWindowAfterDowntime() {
        var machine = SchedulerStateMachine()
        // Down for a day: the last completed window ended 30 hours ago.
        let now = 200_000.0
        machine.add(spec, completedUntil: now - 30 * 3600, now: now, jitter: 0)
        #expect(machine.due(now: now) == [.run(job: "participants", from: now - 30 * 3600, to: now)])
        machine.finished("participants", success: true, now: now + 10, jitter: 0)
        #expect(machine.completedUntil("participants") == now)
        // Next run: the ordinary lookback again.
        #expect(machine.due(now: now + 910) == [.run(job: "participants", from: now + 910 - 21_600, to: now + 910)])
    }

    @Test func catchUpIsBoundedAndAFailedRunDoesNotAdvanceIt() {
        var machine = SchedulerStateMachine()
        let now = 10_000_000.0
        machine.add(spec, completedUntil: 0, now: now, jitter: 0)
        #expect(machine.due(now: now) == [.run(job: "participants", from: now - 7 * 86_400, to: now)])
        machine.finished("participants", success: false, now: now, jitter: 0)
        #expect(machine.completedUntil("participants") == 0)
    }

    @Test func stopStartsNothingNew() {
        var machine = SchedulerStateMachine()
        machine.add(spec, completedUntil: nil, now: 0, jitter: 0)
        machine.stop()
        #expect(machine.due(now: 10).isEmpty)
        #expect(machine.nextWakeup() == nil)
    }

    @Test func aReloadChangesIntervalsWithoutForcingRuns() {
        var machine = SchedulerStateMachine()
        machine.add(spec, completedUntil: nil, now: 0, jitter: 0)
        _ = machine.due(now: 0)
        machine.finished("participants", success: true, now: 10, jitter: 0)
        #expect(machine.nextWakeup() == 910)
        var longer = spec
        longer.intervalSeconds = 3600
        machine.reconfigure([longer], completedUntil: [:], now: 100, jitter: { 0 })
        #expect(machine.nextWakeup() == 910, "the run already scheduled stays; no run at reload")
        _ = machine.due(now: 910)
        machine.finished("participants", success: true, now: 920, jitter: 0)
        #expect(machine.nextWakeup() == 4520, "then the new interval: 920 + 3,600")
        var shorter = spec
        shorter.intervalSeconds = 60
        machine.reconfigure([shorter], completedUntil: [:], now: 1000, jitter: { 0 })
        #expect(machine.nextWakeup() == 1060, "a shorter interval brings the next run forward")
    }

    @Test func aJobDroppedOnReloadFinishesItsRunAndIsNotScheduledAgain() {
        var machine = SchedulerStateMachine()
        machine.add(spec, completedUntil: nil, now: 0, jitter: 0)
        _ = machine.due(now: 0)
        let other = SchedulerStateMachine.JobSpec(name: "qos", intervalSeconds: 60, lookbackSeconds: 3600)
        machine.reconfigure([other], completedUntil: ["qos": -10_000], now: 30, jitter: { 0 })
        #expect(machine.runningJobs == ["participants"], "the run in flight goes on")
        #expect(machine.due(now: 30) == [.run(job: "qos", from: -10_000, to: 30)], "a new job starts, catching up from the store")
        #expect(machine.finished("participants", success: true, now: 40, jitter: 0) == 0, "its window is still kept")
        machine.finished("qos", success: true, now: 40, jitter: 0)
        #expect(machine.due(now: 100_000) == [.run(job: "qos", from: 30, to: 100_000)], "participants is gone")
        #expect(machine.completedUntil("participants") == nil)
    }

    @Test func aReloadDoesNotCutAFailuresBackoffShort() {
        var machine = SchedulerStateMachine()
        machine.add(spec, completedUntil: nil, now: 0, jitter: 0)
        for _ in 0..<8 {
            let now = machine.nextWakeup()!
            _ = machine.due(now: now)
            machine.finished("participants", success: false, now: now, jitter: 1)
        }
        let backedOff = machine.nextWakeup()!
        machine.reconfigure([spec], completedUntil: [:], now: backedOff - 3000, jitter: { 0 })
        #expect(machine.nextWakeup() == backedOff, "an unchanged interval leaves the retry where it was")
    }
}
