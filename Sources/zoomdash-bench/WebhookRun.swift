import Foundation

/// One receiver's figures in one round of the webhook bench, and the comparison of the three.
struct WebhookRun {
    var receiver: String
    var sustained: LoadGenerator.Result
    /// The untimed events that fill the paced phase's store first.
    var prefill: LoadGenerator.Result
    var paced: LoadGenerator.Result
    /// CPU seconds of the receiver's processes from the paced phase's start (at rest, the prefill
    /// processed) until it is at rest again: what the paced events cost, deferred work included.
    var pacedCPU: Double
    /// Of the paced phase, the deferred work (zoomdashd's live-analysis passes), if told.
    var pacedDeferred: DeferredWork?
    /// The paced phase's store (the same events for every receiver).
    var stored: StoreFigures

    var acknowledged: Int { prefill.requests - prefill.failures + paced.requests - paced.failures }
    var p99: Double { paced.percentile(0.99) * 1000 }
    var cpuMicrosPerEvent: Double { paced.requests > 0 ? pacedCPU * 1e6 / Double(paced.requests) : 0 }
    /// The live analysis's passes (wall time on the store's thread, nearly all CPU) per paced event.
    var analysisMicrosPerEvent: Double { (pacedDeferred?.seconds ?? 0) * 1e6 / Double(max(1, paced.requests)) }
    /// What a pass spends on each class it meets.
    var analysisMicrosPerClass: Double { (pacedDeferred?.seconds ?? 0) * 1e6 / max(1, pacedDeferred?.meetings ?? 0) }

    /// Events each paced phase starts from: every pupil of the 1,000 classes joined and dropped once.
    static let pacedPrefill = 60_000

    /// Flat out on one fresh receiver; then, on another, the same `pacedPrefill` events untimed, a wait
    /// until it is at rest, and 10 s at 2,000 events/s (CPU counted until it is at rest again: the
    /// daemon's live analysis of them runs seconds after their answers); each receiver stopped and its
    /// store read. Two receivers, because the
    /// paced phase must not depend on how fast the flood went: zoomdashd's live analysis re-derives a
    /// meeting from all its events, so a faster flood made its paced events dearer (and the peers'
    /// not at all).
    static func measure(_ start: () throws -> any WebhookReceiver, events: EventSource) throws -> WebhookRun {
        events.rewind()
        let flooded = try start()
        let sustained = try LoadGenerator(port: flooded.port, connections: 32, seconds: 8).run { events.next(limit: 235_000) }
        let floodStore = try flooded.finish()
        guard floodStore.events >= sustained.requests - sustained.failures else {
            throw BenchError("\(flooded.name) acknowledged \(sustained.requests - sustained.failures) events of the flood but stored \(floodStore.events)")
        }
        events.rewind()
        let receiver = try start()
        let prefill = try LoadGenerator(port: receiver.port, connections: 32).run { events.next(limit: pacedPrefill) }
        // The prefill's own work (zoomdashd's live analysis of it) is done before the clock starts, and
        // the paced events' is counted to the end, however long after the last answer it runs.
        _ = waitForRest(receiver)
        let before = receiver.cpuSeconds()
        let deferredBefore = receiver.deferredWork()
        let paced = try LoadGenerator(port: receiver.port, connections: 32, seconds: 10, ratePerSecond: 2000).run { events.next() }
        let pacedCPU = waitForRest(receiver) - before
        let deferred = receiver.deferredWork().flatMap { after in deferredBefore.map { after - $0 } }
        let stored = try receiver.finish()
        return WebhookRun(
            receiver: receiver.name, sustained: sustained, prefill: prefill, paced: paced, pacedCPU: pacedCPU, pacedDeferred: deferred,
            stored: stored)
    }

    /// Waits until the receiver owes no deferred work and has used under 2 % of a core for two 250 ms
    /// intervals in a row (or 60 s have gone by), and returns its CPU seconds then.
    static func waitForRest(_ receiver: any WebhookReceiver) -> Double {
        let interval = 0.25
        var last = receiver.cpuSeconds()
        var quiet = 0
        let deadline = Date().addingTimeInterval(60)
        while quiet < 2 && Date() < deadline {
            Thread.sleep(forTimeInterval: interval)
            let now = receiver.cpuSeconds()
            quiet = now - last < 0.02 * interval && !receiver.owesDeferredWork() ? quiet + 1 : 0
            last = now
        }
        return last
    }

    func reportRound(_ round: Int) {
        let run = self
        report("webhook_run", [
            ("receiver", run.receiver), ("round", "\(round)"),
            ("sustained_events_per_s", format(run.sustained.rate, 0)), ("sustained_non_2xx", "\(run.sustained.failures)"),
            ("p50_ms_at_2000_per_s", format(run.paced.percentile(0.50) * 1000)), ("p99_ms_at_2000_per_s", format(run.p99)),
            ("achieved_rate_paced", format(run.paced.rate, 0)), ("paced_non_2xx", "\(run.paced.failures)"),
            ("cpu_us_per_event_at_2000_per_s", format(run.cpuMicrosPerEvent, 0)),
        ] + (run.pacedDeferred == nil ? [] : [
            ("of_which_live_analysis_us", format(run.analysisMicrosPerEvent, 0)),
            ("live_analysis_us_per_class", format(run.analysisMicrosPerClass, 0)),
            ("live_analysis_classes", format(run.pacedDeferred?.meetings ?? 0, 0)),
        ]) + [
            ("store_bytes_per_event", format(run.stored.bytesPerEvent, 0)), ("acknowledged", "\(run.acknowledged)"), ("stored", "\(run.stored.events)"),
        ])
        if round == 1 {
            let events = Double(max(1, run.stored.events))
            report("webhook_store", [("receiver", run.receiver)] + run.stored.objects.prefix(12).map { ($0.name, format(Double($0.bytes) / events, 1)) })
        }
        fflush(nil)  // each run's lines as they come (stdout is a file or a pipe): the whole bench takes minutes
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func compare(zoomdashd: [WebhookRun], php: [WebhookRun], python: [WebhookRun]) {
        func summary(_ runs: [WebhookRun]) -> (sustained: Double, p99: Double, cpu: Double, bytes: Double) {
            (median(runs.map(\.sustained.rate)), median(runs.map(\.p99)), median(runs.map(\.cpuMicrosPerEvent)), median(runs.map(\.stored.bytesPerEvent)))
        }
        for runs in [zoomdashd, php, python] {
            let figures = summary(runs)
            func range(_ values: [Double], _ digits: Int) -> String { "\(format(values.min()!, digits))-\(format(values.max()!, digits))" }
            report("webhook", [
                ("receiver", runs[0].receiver), ("sustained_events_per_s_median", format(figures.sustained, 0)),
                ("sustained_range", range(runs.map(\.sustained.rate), 0)),
                ("p99_ms_at_2000_per_s_median", format(figures.p99)), ("p99_range", range(runs.map(\.p99), 2)),
                ("cpu_us_per_event_at_2000_per_s_median", format(figures.cpu, 0)), ("cpu_range", range(runs.map(\.cpuMicrosPerEvent), 0)),
            ] + (runs.allSatisfy { $0.pacedDeferred != nil } ? [
                ("of_which_live_analysis_us_median", format(median(runs.map(\.analysisMicrosPerEvent)), 0)),
                ("live_analysis_us_per_class_median", format(median(runs.map(\.analysisMicrosPerClass)), 0)),
            ] : []) + [
                ("store_bytes_per_event", format(figures.bytes, 0)),
                ("acknowledged_all_stored", runs.allSatisfy { $0.stored.events >= $0.acknowledged } ? "yes" : "NO"),
            ])
        }
        let ours = summary(zoomdashd), phpFigures = summary(php), pythonFigures = summary(python)
        let bestPeerP99 = min(phpFigures.p99, pythonFigures.p99)
        report("webhook_ratios", [
            ("sustained_vs_php", format(ours.sustained / phpFigures.sustained)), ("sustained_vs_python", format(ours.sustained / pythonFigures.sustained)),
            ("p99_vs_best_peer", format(ours.p99 / bestPeerP99)), ("cpu_vs_python", format(ours.cpu / pythonFigures.cpu)),
            ("cpu_vs_php", format(ours.cpu / phpFigures.cpu)), ("bytes_vs_php", format(ours.bytes / phpFigures.bytes)),
        ])
        func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }
        report("webhook_goals", [
            ("p99_no_worse_than_best_peer", verdict(ours.p99 <= bestPeerP99)), ("cpu_no_more_than_python", verdict(ours.cpu <= pythonFigures.cpu)),
            ("sustained_at_least_3x_php", verdict(ours.sustained >= 3 * phpFigures.sustained)), ("bytes_per_event_at_most_700", verdict(ours.bytes <= 700)),
        ])
    }
}
