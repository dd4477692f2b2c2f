import Foundation

/// The re-analysis benchmark's store: about a million sessions that `zoomdashctl backfill` itself
/// fetched from four `zoomsim` accounts, two through the Report API (one chosen, one as the fallback
/// of an account without the Dashboard) and two through the Dashboard. Each account has 142 teachers
/// with three classes a weekday and fills five weeks of its own (the Dashboard's listing checkpoints
/// are per date window, not per account): twenty consecutive weeks ending with the latest Sunday.
///
/// Built once (about 20 minutes: the client keeps to Zoom's 40 Heavy requests a second, one account
/// at a time as the store's Zoom lease wants) and reused from `ZOOMDASH_BENCH_REANALYSE_STORE`
/// (default `/tmp/zoomdash-bench-reanalyse.sqlite`); a marker file beside it says it is complete.
enum BackfilledStore {
    /// Bumped whenever the accounts, windows or sizes change: an older store is rebuilt.
    static let version = "backfill-v1"
    static let hosts = 142
    static let weeksPerAccount = 5

    struct Account {
        var seed: Int
        var source: String
        var simulatorExtras: [String] = []
    }

    static let accounts = [
        Account(seed: 21, source: "report"),
        Account(seed: 22, source: "auto", simulatorExtras: ["--no-dashboard"]),
        Account(seed: 23, source: "dashboard"),
        Account(seed: 24, source: "dashboard"),
    ]

    static var path: String {
        ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_REANALYSE_STORE"] ?? NSTemporaryDirectory() + "zoomdash-bench-reanalyse.sqlite"
    }

    static var markerPath: String { path + ".built" }

    /// The marker's first line when the store at `path` is complete and of this version.
    static var builtDescription: String? {
        guard let text = try? String(contentsOfFile: markerPath, encoding: .utf8), text.hasPrefix(version + " "),
            FileManager.default.fileExists(atPath: path)
        else { return nil }
        return text.split(separator: "\n").first.map(String.init)
    }

    /// Builds the store with `zoomsim` and `zoomdashctl` (paths of executables) unless a complete
    /// one of this version is there; `rebuild` builds it anyway.
    static func ensure(rebuild: Bool, zoomsim: String, zoomdashctl: String) throws -> String {
        if !rebuild, let built = builtDescription {
            print("reanalyse_peer: reusing the store at \(path) (\(built); --rebuild makes it again)")
            return built
        }
        print("reanalyse_peer: building the store at \(path) with \(zoomdashctl) (\(version), about 20 minutes; later runs reuse it)")
        fflush(nil)
        unlink(markerPath)
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let directory = NSTemporaryDirectory() + "zoomdash-bench-backfill-configs-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let started = ContinuousClock.now
        var config = ""
        for (index, account) in accounts.enumerated() {
            let window = self.window(index)
            let simulator = try SimulatorChild(
                zoomsim, ["--seed", "\(account.seed)", "--hosts", "\(hosts)", "--days", "\(weeksPerAccount * 7)", "--end-day", window.to]
                    + account.simulatorExtras)
            defer { simulator.stop() }
            config = directory + "/account-\(account.seed).toml"
            try Self.config(account, simulatorURL: simulator.url).write(toFile: config, atomically: true, encoding: .utf8)
            let backfill = try MeasuredChild.succeeding(zoomdashctl, ["backfill", "--config", config, "--from", window.from, "--to", window.to])
            let summary = backfill.output.split(separator: "\n").last { $0.hasPrefix("backfill ") } ?? ""
            report("reanalyse_store_backfill", [
                ("seed", "\(account.seed)"), ("window", "\(window.from)..\(window.to)"), ("seconds", format(backfill.seconds, 0)),
                ("summary", "\"\(summary)\""),
            ])
            fflush(nil)  // minutes apart: show each account as it is done
        }
        let status = try MeasuredChild.succeeding(zoomdashctl, ["status", "--json", "--config", config])
        let object = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any]
        let sessions = object?["participantSessions"] as? Int ?? 0
        let built = "\(version) sessions=\(sessions) minutes=\(format(seconds(since: started) / 60, 1)) by=\(zoomdashctl)"
        try (built + "\n").write(toFile: markerPath, atomically: true, encoding: .utf8)
        return built
    }

    /// Account `index`'s days: the twenty weeks end with the latest Sunday before today (UTC).
    static func window(_ index: Int) -> (from: String, to: String) {
        let day = 86_400
        let yesterday = Int(Date().timeIntervalSince1970) / day - 1
        // 1970-01-01 was a Thursday: day d is a Sunday when (d + 4) % 7 == 0.
        let lastSunday = yesterday - (yesterday + 4) % 7
        let first = lastSunday - (accounts.count - index) * weeksPerAccount * 7 + 1
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        func string(_ day: Int) -> String { formatter.string(from: Date(timeIntervalSince1970: TimeInterval(day * 86_400))) }
        return (string(first), string(first + weeksPerAccount * 7 - 1))
    }

    static func config(_ account: Account, simulatorURL: String) -> String {
        """
        [store]
        path = "\(path)"
        [zoom]
        account_id = "sim-account"
        client_id = "sim-client"
        client_secret = "sim-secret"
        api_url = "\(simulatorURL)/v2"
        oauth_url = "\(simulatorURL)/oauth/token"
        plan = "business"
        source = "\(account.source)"
        concurrency = 8
        [export]
        directory = "\(NSTemporaryDirectory())zoomdash-bench-reanalyse-export"

        """
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = start.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}

/// `zoomsim serve` on a free loopback port, for as long as the store is being filled.
final class SimulatorChild {
    let process = Process()
    let url: String

    init(_ zoomsim: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: zoomsim)
        process.arguments = ["serve", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchError("zoomsim exited before listening") }
            buffer += chunk
        }
        let line = String(decoding: buffer, as: UTF8.self)
        guard let start = line.range(of: "http://") else { throw BenchError("unexpected zoomsim output: \(line)") }
        url = String(line[start.lowerBound...].prefix { !$0.isWhitespace })
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
