/// How many meetings the next analysing store call takes. The store runs one call at a time, so a
/// webhook commit waits behind the one under way: up to ``maximum`` class-sized meetings keep that
/// to a few milliseconds, but a meeting can cost far more than a class (a long webinar; a class
/// whose end never arrived, whose open connections count on into every later quarter hour). After
/// a call longer than ``budget`` the next takes as many meetings as fit the budget at the pace just
/// seen (at least one), and it grows back by doubling once calls are quick again.
struct StoreCallSizer {
    static let maximum = AnalysisRunner.meetingsPerStoreCall
    /// A commit waiting this long is still far from Zoom's 3-second answer limit.
    static let budget = Duration.milliseconds(25)

    private(set) var next = maximum

    mutating func called(meetings: Int, took duration: Duration) {
        guard meetings > 0 else { return }
        if duration > Self.budget {
            let fitting = Double(meetings) * (Self.budget / duration)
            next = max(1, min(Self.maximum, Int(fitting)))
        } else {
            next = min(Self.maximum, max(next, meetings) * 2)
        }
    }
}
