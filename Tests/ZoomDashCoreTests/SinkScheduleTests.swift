import Testing
import ZoomDashCore

@Suite struct SinkScheduleTests {
    enum Table: String, Hashable, Sendable { case disconnections, incidents, presence }
    let all: Set<Table> = [.disconnections, .incidents, .presence]

    func schedule() -> SinkSchedule<Table> {
        var schedule = SinkSchedule<Table>(allTables: all)
        schedule.configure([.init(name: "csv", intervalSeconds: 900, minimumSpacing: 5)], now: 0)
        return schedule
    }

    @Test func aNewSinkPublishesEverythingAtOnceThenOnItsInterval() {
        var schedule = schedule()
        #expect(schedule.due(now: 0) == [.init(sink: "csv", tables: all)])
        #expect(schedule.due(now: 1).isEmpty, "never two runs at once")
        schedule.finished("csv", success: true, now: 2)
        #expect(schedule.nextWakeup() == 900)
        #expect(schedule.due(now: 899).isEmpty)
        #expect(schedule.due(now: 900) == [.init(sink: "csv", tables: all)])
    }

    @Test func changesArePublishedSoonWithOnlyWhatChangedAndAtMostOncePerSpacing() {
        var schedule = schedule()
        _ = schedule.due(now: 0)
        schedule.changed([.presence])  // while running: kept for the next run
        schedule.finished("csv", success: true, now: 0.2)
        #expect(schedule.nextWakeup() == 5)
        #expect(schedule.due(now: 4).isEmpty, "spacing")
        #expect(schedule.due(now: 5) == [.init(sink: "csv", tables: [.presence])])
        schedule.finished("csv", success: true, now: 5)
        schedule.changed([.incidents])
        schedule.changed([.disconnections])
        #expect(schedule.due(now: 10) == [.init(sink: "csv", tables: [.incidents, .disconnections])], "coalesced")
    }

    @Test func aSlowPublishIsSpacedToABoundedShareOfTheTime() {
        var schedule = schedule()
        _ = schedule.due(now: 0)
        schedule.finished("csv", success: true, now: 3)  // took 3 s
        schedule.changed([.disconnections])
        #expect(schedule.nextWakeup() == 30, "10 × the last run, not the 5 s spacing")
        #expect(schedule.due(now: 29).isEmpty)
        #expect(schedule.due(now: 30).map(\.sink) == ["csv"])
    }

    @Test func aFailedRunKeepsWhatItOwedAndBacksOff() {
        var schedule = schedule()
        _ = schedule.due(now: 0)
        schedule.finished("csv", success: false, now: 1)
        #expect(schedule.failures(of: "csv") == 1)
        #expect(schedule.due(now: 1.5).isEmpty)
        #expect(schedule.due(now: 2) == [.init(sink: "csv", tables: all)], "retried with everything it owed")
        schedule.finished("csv", success: false, now: 2)
        #expect(schedule.nextWakeup() == 4)
        _ = schedule.due(now: 4)
        schedule.finished("csv", success: true, now: 4)
        #expect(schedule.failures(of: "csv") == 0)
    }

    @Test func aReloadKeepsStateAndShortensTheIntervalAndDropsRemovedSinks() {
        var schedule = schedule()
        _ = schedule.due(now: 0)
        schedule.finished("csv", success: true, now: 0)
        schedule.configure([.init(name: "csv", intervalSeconds: 60), .init(name: "zoho", intervalSeconds: 900)], now: 10)
        #expect(schedule.due(now: 10) == [.init(sink: "zoho", tables: all)], "the new one at once, the old one not forced")
        #expect(schedule.due(now: 70).map(\.sink) == ["csv"])
        schedule.configure([], now: 80)
        schedule.changed([.presence])
        #expect(schedule.nextWakeup() == nil)
    }
}

extension SinkScheduleTests {
    enum Feed: Hashable, Sendable { case outbox, clock }

    @Test func oneSinksOwnTimerRunsOnlyThatSinkAndAFullRunStillCountsWithItsClockAlong() {
        var schedule = SinkSchedule<Feed>(allTables: [.outbox])
        schedule.configure([.init(name: "chat", intervalSeconds: 60, minimumSpacing: 1), .init(name: "log", intervalSeconds: 60, minimumSpacing: 1)], now: 0)
        schedule.changed([.clock], for: "chat")
        #expect(schedule.due(now: 0) == [.init(sink: "chat", tables: [.outbox, .clock]), .init(sink: "log", tables: [.outbox])])
        schedule.finished("chat", success: true, now: 0)
        schedule.finished("log", success: true, now: 0)
        #expect(schedule.nextWakeup() == 60, "the full run with the clock along moved the interval on")
        schedule.changed([.clock], for: "chat")
        schedule.changed([.clock], for: "gone")
        #expect(schedule.due(now: 1) == [.init(sink: "chat", tables: [.clock])])
    }
}
