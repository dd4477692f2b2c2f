import Testing
import ZoomDashCore

@Suite struct HealthCheckTests {
    func schedule(every seconds: Int64, enabled: Bool = true) -> CollectorSchedule {
        var schedule = CollectorSchedule()
        schedule.intervalSeconds = seconds
        schedule.enabled = enabled
        return schedule
    }

    @Test func healthyWhileEveryEnabledCollectorSucceededWithinThreeIntervals() {
        let check = HealthCheck(collectors: ["participants": schedule(every: 900), "off": schedule(every: 60, enabled: false)], startedAt: 0)
        #expect(check.problems(storeError: nil, lastSuccess: ["participants": 10_000], now: 10_000 + 2700).isEmpty)
        #expect(check.problems(storeError: nil, lastSuccess: [:], now: 2700).isEmpty, "a young daemon gets three intervals")
    }

    @Test func staleCollectorsAndAnUnwritableStoreAreNamed() {
        let check = HealthCheck(collectors: ["participants": schedule(every: 900)], startedAt: 0)
        #expect(check.problems(storeError: nil, lastSuccess: ["participants": 1000], now: 1000 + 2701)
            == ["collector participants has not succeeded for 2701 s (3 intervals = 2700 s)"])
        #expect(check.problems(storeError: nil, lastSuccess: [:], now: 2701)
            == ["collector participants has not succeeded since the daemon started 2701 s ago (3 intervals = 2700 s)"])
        struct ReadOnly: Error, CustomStringConvertible { var description: String { "read-only file system" } }
        let problems = check.problems(storeError: ReadOnly(), lastSuccess: ["participants": 2000], now: 2001)
        #expect(problems == ["store not writable: read-only file system"])
    }
}
