/// Which jobs a ``DedicatedThreadExecutor`` runs next: a pure queue, so its fairness rule is tested
/// without threads.
///
/// Foreground jobs (webhook commits, collector writes) run first, all that are waiting in one round.
/// Background jobs (live analysis) run one at a time when no foreground job waits, and also after every
/// `backgroundTurnAfter` foreground rounds while they wait: under a sustained flood of commits, the
/// live view still moves, at a bounded share of the thread.
public struct PriorityJobQueue<Job> {
    private(set) var foreground: [Job] = []
    private(set) var background: [Job] = []
    /// Foreground rounds since a background job last ran.
    private var roundsSinceBackground = 0
    public let backgroundTurnAfter: Int

    public init(backgroundTurnAfter: Int = 4) {
        precondition(backgroundTurnAfter > 0)
        self.backgroundTurnAfter = backgroundTurnAfter
    }

    public var isEmpty: Bool { foreground.isEmpty && background.isEmpty }

    public mutating func enqueue(_ job: Job, isBackground: Bool) {
        if isBackground { background.append(job) } else { foreground.append(job) }
    }

    /// The jobs to run now, in order; empty when nothing waits.
    public mutating func nextRound() -> [Job] {
        if !background.isEmpty && (foreground.isEmpty || roundsSinceBackground >= backgroundTurnAfter) {
            roundsSinceBackground = 0
            return [background.removeFirst()]
        }
        guard !foreground.isEmpty else { return [] }
        if !background.isEmpty { roundsSinceBackground += 1 }
        defer { foreground.removeAll(keepingCapacity: true) }
        return foreground
    }
}
