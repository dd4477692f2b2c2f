import Testing
import ZoomDashCore

@Suite struct PriorityJobQueueTests {
    @Test func foregroundJobsRunFirstAndTogether() {
        var queue = PriorityJobQueue<String>()
        queue.enqueue("analysis", isBackground: true)
        queue.enqueue("commit 1", isBackground: false)
        queue.enqueue("commit 2", isBackground: false)
        #expect(queue.nextRound() == ["commit 1", "commit 2"])
        #expect(queue.nextRound() == ["analysis"])
        #expect(queue.nextRound() == [])
        #expect(queue.isEmpty)
    }

    @Test func backgroundJobsRunOneAtATimeWhenIdle() {
        var queue = PriorityJobQueue<Int>()
        for job in 1...3 { queue.enqueue(job, isBackground: true) }
        #expect(queue.nextRound() == [1])
        queue.enqueue(10, isBackground: false)
        #expect(queue.nextRound() == [10])
        #expect(queue.nextRound() == [2])
        #expect(queue.nextRound() == [3])
    }

    /// A sustained flood keeps a foreground job waiting at every round; background work must still run.
    @Test func aWaitingBackgroundJobGetsATurnAfterAFixedNumberOfForegroundRounds() {
        var queue = PriorityJobQueue<String>(backgroundTurnAfter: 3)
        queue.enqueue("analysis 1", isBackground: true)
        queue.enqueue("analysis 2", isBackground: true)
        var order: [String] = []
        for round in 1...8 {
            queue.enqueue("commit \(round)", isBackground: false)
            order += queue.nextRound()
        }
        // Round 4 runs "analysis 1" while "commit 4" waits; round 5 runs commits 4 and 5 together.
        #expect(order == [
            "commit 1", "commit 2", "commit 3", "analysis 1",
            "commit 4", "commit 5", "commit 6", "commit 7", "analysis 2",
        ])
        #expect(queue.nextRound() == ["commit 8"])
    }

    /// Rounds without background work waiting do not build up credit for a later burst of it.
    @Test func foregroundRoundsWithoutWaitingBackgroundWorkEarnNoCredit() {
        var queue = PriorityJobQueue<String>(backgroundTurnAfter: 2)
        for round in 1...5 {
            queue.enqueue("commit \(round)", isBackground: false)
            _ = queue.nextRound()
        }
        queue.enqueue("analysis", isBackground: true)
        queue.enqueue("commit 6", isBackground: false)
        #expect(queue.nextRound() == ["commit 6"])
    }
}
