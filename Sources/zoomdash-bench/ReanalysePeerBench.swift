import Foundation

/// `zoomdash-bench reanalyse-peer`: `zoomdashctl reanalyze` against the same analysis written in
/// pandas (bench/peers/pandas), on copies of the backfilled million-session store
/// (``BackfilledStore``), interleaved, each a child process measured from outside (wall time, peak
/// RSS and CPU from `wait4`), every round checked equal row by row. Goal (issue 17): ZoomDash at least
/// 5× faster than pandas, under 100 MiB.
///
/// Options:
/// - `--runs N`: rounds (default 3);
/// - `--zoomdash-only`: ZoomDash's side only, no Python needed (with `--runs`, to measure a change);
/// - `--zoomdashctl PATH`: another build's `zoomdashctl` (before/after comparisons), which also builds
///   the store when it has to be built;
/// - `--rebuild`: builds the store again.
enum ReanalysePeerBench {
    struct Options {
        var runs = 3
        var zoomdashOnly = false
        var rebuild = false
        var zoomdashctl: String
        var zoomsim: String

        init(arguments: [String]) throws {
            let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
            zoomdashctl = binaries + "/zoomdashctl"
            zoomsim = binaries + "/zoomsim"
            var rest = arguments[...]
            while let argument = rest.popFirst() {
                switch argument {
                case "--rebuild": rebuild = true
                case "--zoomdash-only": zoomdashOnly = true
                case "--runs":
                    guard let value = rest.popFirst().flatMap(Int.init), value > 0 else { throw BenchError("--runs needs a positive number") }
                    runs = value
                case "--zoomdashctl":
                    guard let value = rest.popFirst() else { throw BenchError("--zoomdashctl needs the path of a zoomdashctl executable") }
                    zoomdashctl = URL(fileURLWithPath: value).path
                default:
                    throw BenchError("reanalyse-peer: unknown option \(argument); use --runs N, --zoomdash-only, --zoomdashctl PATH, --rebuild")
                }
            }
            guard FileManager.default.isExecutableFile(atPath: zoomdashctl) else { throw BenchError("no zoomdashctl executable at \(zoomdashctl)") }
        }
    }

    static var peerDirectory: String {
        (ProcessInfo.processInfo.environment["ZOOMDASH_PEERS_DIR"] ?? FileManager.default.currentDirectoryPath + "/bench/peers") + "/pandas"
    }

    static func run(arguments: [String]) throws {
        let options = try Options(arguments: arguments)
        print(Machine.description)
        let built = try BackfilledStore.ensure(rebuild: options.rebuild, zoomsim: options.zoomsim, zoomdashctl: options.zoomdashctl)
        let python = options.zoomdashOnly ? nil : try peerPython()
        let work = NSTemporaryDirectory() + "zoomdash-bench-reanalyse-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        var zoomdash: [ReanalyseRun] = []
        var pandas: [ReanalyseRun] = []
        for round in 1...options.runs {
            // Alternated, so neither side always runs on the page cache the other just warmed.
            let zoomdashFirst = round % 2 == 1
            if zoomdashFirst { zoomdash.append(try runZoomDash(options.zoomdashctl, work: work, round: round)) }
            if let python {
                pandas.append(try runPandas(python, work: work, round: round))
                let check = try MeasuredChild.run("/usr/bin/python3", [peerDirectory + "/check.py", work + "/zoomdash.sqlite", work + "/pandas-results.sqlite"])
                let verdict = check.output.trimmingCharacters(in: .whitespacesAndNewlines)
                report("reanalyse_peer_check", [("round", "\(round)"), ("equal", check.status == 0 ? "yes" : "no"), ("detail", "\"\(verdict)\"")])
                guard check.status == 0 else { throw BenchError("pandas and ZoomDash disagree:\n\(verdict)") }
            }
            if !zoomdashFirst { zoomdash.append(try runZoomDash(options.zoomdashctl, work: work, round: round)) }
        }
        try reportPhases(options.zoomdashctl, work: work)
        summarise(zoomdash: zoomdash, pandas: pandas, store: built, zoomdashctl: options.zoomdashctl)
    }

    /// A fresh copy of the store (the previous round's results must not be the next one's input),
    /// opened once untimed so that a newer build's migration is not counted as re-analysis.
    static func runZoomDash(_ zoomdashctl: String, work: String, round: Int) throws -> ReanalyseRun {
        let copy = work + "/zoomdash.sqlite"
        try freshCopy(to: copy)
        let config = work + "/zoomdash.toml"
        try "[store]\npath = \"\(copy)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        _ = try MeasuredChild.succeeding(zoomdashctl, ["status", "--config", config])
        let child = try MeasuredChild.succeeding(zoomdashctl, ["reanalyze", "--config", config])
        let run = ReanalyseRun(side: "zoomdash", child: child, counts: ReanalyseRun.zoomdashCounts(child.output))
        run.reportLine(round: round)
        return run
    }

    /// One more run, untimed, with `--timings`: where the CPU time goes. Not one of the timed rounds,
    /// because its clock reads (two system calls a meeting and thread) cost a little themselves.
    static func reportPhases(_ zoomdashctl: String, work: String) throws {
        let copy = work + "/zoomdash.sqlite"
        try freshCopy(to: copy)
        let config = work + "/zoomdash.toml"
        try "[store]\npath = \"\(copy)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        _ = try MeasuredChild.succeeding(zoomdashctl, ["status", "--config", config])
        let child = try MeasuredChild.succeeding(zoomdashctl, ["reanalyze", "--timings", "--config", config])
        report("reanalyse_peer_phases", ReanalyseRun.zoomdashPhases(child.output) + [("seconds", format(child.seconds, 3))])
    }

    static func runPandas(_ python: String, work: String, round: Int) throws -> ReanalyseRun {
        let copy = work + "/pandas-input.sqlite"
        try freshCopy(to: copy)
        let results = work + "/pandas-results.sqlite"
        unlink(results)
        let child = try MeasuredChild.succeeding(python, [peerDirectory + "/reanalyse.py", copy, results])
        let run = ReanalyseRun(side: "pandas", child: child, counts: ReanalyseRun.fields(child.output))
        run.reportLine(round: round)
        return run
    }

    /// Written out before the clock starts: left dirty, the kernel writes the 300 MB copy back some
    /// 30 s later, on a core that a later round (of either side) then shares with it.
    static func freshCopy(to copy: String) throws {
        for suffix in ["", "-wal", "-shm"] {
            unlink(copy + suffix)
            if FileManager.default.fileExists(atPath: BackfilledStore.path + suffix) {
                try FileManager.default.copyItem(atPath: BackfilledStore.path + suffix, toPath: copy + suffix)
                let file = try FileHandle(forUpdating: URL(fileURLWithPath: copy + suffix))
                defer { try? file.close() }
                try file.synchronize()
            }
        }
    }

    /// bench/peers/pandas/setup.sh: the virtualenv with pandas, made on first use; its python.
    static func peerPython() throws -> String {
        let setup = try MeasuredChild.succeeding("/bin/sh", [peerDirectory + "/setup.sh"])
        guard let python = setup.output.split(separator: "\n").last.map(String.init), python.hasSuffix("python") else {
            throw BenchError("pandas peer setup printed no python: \(setup.output.suffix(1000))")
        }
        return python
    }

    static func summarise(zoomdash: [ReanalyseRun], pandas: [ReanalyseRun], store: String, zoomdashctl: String) {
        let ours = ReanalyseRun.median(zoomdash.map(\.child.seconds))
        var fields: [(String, String)] = [
            ("sessions", zoomdash.last?.counts["sessions"] ?? "?"), ("disconnections", zoomdash.last?.counts["disconnections"] ?? "?"),
            ("runs", "\(zoomdash.count)"), ("zoomdash_median_s", format(ours, 3)),
            ("zoomdash_range_s", ReanalyseRun.range(zoomdash.map(\.child.seconds))),
            ("zoomdash_peak_rss_mib", format(zoomdash.map(\.child.peakRSSMiB).max() ?? 0, 0)),
        ]
        if !pandas.isEmpty {
            let theirs = ReanalyseRun.median(pandas.map(\.child.seconds))
            fields += [
                ("pandas_median_s", format(theirs, 3)), ("pandas_range_s", ReanalyseRun.range(pandas.map(\.child.seconds))),
                ("pandas_peak_rss_mib", format(pandas.map(\.child.peakRSSMiB).max() ?? 0, 0)),
            ]
            for phase in ["read_s", "disconnections_s", "incidents_s", "write_s"] {
                fields.append(("pandas_median_" + phase, format(ReanalyseRun.median(pandas.compactMap { $0.counts[phase].flatMap(Double.init) }), 3)))
            }
            fields += [("ratio_pandas_over_zoomdash", format(theirs / max(ours, 0.000_001))), ("goal_ratio", "5"), ("results_equal", "yes")]
        }
        fields += [("zoomdashctl", zoomdashctl), ("store", "\"\(store)\"")]
        report("reanalyse_peer", fields)
    }
}

/// One measured re-analysis, ZoomDash's or pandas'.
struct ReanalyseRun {
    var side: String
    var child: MeasuredChild
    var counts: [String: String]

    func reportLine(round: Int) {
        report("reanalyse_peer_run", [
            ("side", side), ("round", "\(round)"), ("seconds", format(child.seconds, 3)), ("cpu_s", format(child.cpuSeconds, 3)),
            ("peak_rss_mib", format(child.peakRSSMiB, 0)),
        ] + counts.sorted { $0.key < $1.key })
        fflush(nil)  // a round takes seconds: show each as it ends, also when the output is a pipe
    }

    /// `reanalysed M meetings (S sessions): D disconnections, I meeting-level and A account-level incidents`.
    static func zoomdashCounts(_ output: String) -> [String: String] {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("reanalysed ") }) else { return [:] }
        let numbers = line.split(whereSeparator: { !$0.isNumber }).map(String.init)
        let names = ["meetings", "sessions", "disconnections", "meeting_incidents", "account_incidents"]
        return numbers.count >= names.count ? Dictionary(uniqueKeysWithValues: zip(names, numbers)) : [:]
    }

    /// `CPU time by phase: prepare 0.083 s, read 1.384 s and analyse 0.520 s on 2 threads, …; 1.220 s wall`
    /// (``ReanalysisPhases/description``), as `prepare_cpu_s` and so on.
    static func zoomdashPhases(_ output: String) -> [(String, String)] {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("CPU time by phase: ") }) else { return [] }
        let names = ["prepare", "read", "analyse", "stored fingerprints", "write", "account incidents", "commit"]
        var fields: [(String, String)] = names.compactMap { name in
            guard let match = line.firstMatch(of: try! Regex("\(name) ([0-9.]+) s")) else { return nil }
            return (name.replacingOccurrences(of: " ", with: "_") + "_cpu_s", String(match.output[1].substring ?? ""))
        }
        if let threads = line.firstMatch(of: /on ([0-9]+) threads/) { fields.append(("reading_threads", String(threads.output.1))) }
        if let wall = line.firstMatch(of: /; ([0-9.]+) s wall/) { fields.append(("wall_s", String(wall.output.1))) }
        return fields
    }

    /// `key=value` pairs of the peer's summary line.
    static func fields(_ output: String) -> [String: String] {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("pandas: ") }) else { return [:] }
        return Dictionary(line.dropFirst(8).split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }, uniquingKeysWith: { $1 })
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func range(_ values: [Double]) -> String { "\(format(values.min() ?? 0, 3))-\(format(values.max() ?? 0, 3))" }
}
