import Foundation

/// Four consecutive Monday-to-Sunday weeks ending with the latest Sunday before today (UTC). The
/// simulator's school depends on the day index and the weekday only, so the same weeks' results,
/// counted from their first midnight, are the same whatever the date.
struct GoldenWeeks {
    static let day = 86_400
    /// Midnight (epoch seconds) of the first week's Monday.
    let base: Int

    init(today: Date) {
        let yesterday = Int(today.timeIntervalSince1970) / Self.day - 1
        // 1970-01-01 was a Thursday: day d is a Sunday when (d + 4) % 7 == 0.
        let lastSunday = yesterday - (yesterday + 4) % 7
        base = (lastSunday - 27) * Self.day
    }

    func window(_ week: Int) -> (from: String, to: String) {
        let first = base + week * 7 * Self.day
        return (Self.dayString(first), Self.dayString(first + 6 * Self.day))
    }

    static func dayString(_ seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

/// One simulated Zoom account backfilled into the shared store, each in a week of its own (the
/// Dashboard's listing checkpoints are per window, not per account). Sources are mixed as in a real
/// fleet: the Report API chosen, the Report API as the fallback without a Dashboard, the Dashboard,
/// and the Dashboard with call quality (so causes and `quality_before` are covered too).
struct GoldenAccount {
    let seed: Int
    let week: Int
    let source: String
    let simulatorExtras: [String]
    let backfillExtras: [String]

    static let all = [
        GoldenAccount(seed: 11, week: 0, source: "report", simulatorExtras: [], backfillExtras: []),
        GoldenAccount(seed: 12, week: 1, source: "auto", simulatorExtras: ["--no-dashboard"], backfillExtras: []),
        GoldenAccount(seed: 13, week: 2, source: "dashboard", simulatorExtras: [], backfillExtras: []),
        GoldenAccount(seed: 14, week: 3, source: "dashboard", simulatorExtras: [], backfillExtras: ["--qos"]),
    ]

    var simulatorArguments: [String] { ["--seed", "\(seed)", "--hosts", "3"] + simulatorExtras }

    /// Writes `account-SEED.toml` (every account's config names the same store) and returns its path.
    func writeConfig(in directory: URL, simulatorURL: String) throws -> String {
        let path = directory.appendingPathComponent("account-\(seed).toml").path
        let config = """
            [store]
            path = "\(directory.path)/zoomdash.sqlite"
            [zoom]
            account_id = "sim-account"
            client_id = "sim-client"
            client_secret = "sim-secret"
            api_url = "\(simulatorURL)/v2"
            oauth_url = "\(simulatorURL)/oauth/token"
            plan = "business"
            source = "\(source)"
            [export]
            directory = "\(directory.path)/export"
            """
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Canonical rows and their comparison.
enum GoldenRows {
    static let timeKeys: Set = ["time", "start", "end"]

    static func canonical(key: String, value: Any, base: Int) -> String {
        if value is NSNull { return "null" }
        if let text = value as? String {
            guard timeKeys.contains(key), let date = ISO8601DateFormatter().date(from: text) else { return text }
            return "+\(Int(date.timeIntervalSince1970) - base)s"
        }
        return "\(value)"
    }

    /// The first row where the two differ, with the fields that differ, or nil when equal.
    static func firstDifference(expected: [String], actual: [String]) -> String? {
        let counts = { (lines: [String]) in
            Dictionary(grouping: lines, by: { fields($0)["table"] ?? "?" }).mapValues(\.count).sorted { $0.key < $1.key }
        }
        var notes: [String] = []
        if expected.count != actual.count {
            notes.append("row counts differ: expected \(counts(expected)), got \(counts(actual))")
        }
        for (index, (want, got)) in zip(expected, actual).enumerated() where want != got {
            let wanted = fields(want)
            let gotten = fields(got)
            let keys = Set(wanted.keys).union(gotten.keys).sorted().filter { wanted[$0] != gotten[$0] }
            let differing = keys.map { "\($0): expected \(wanted[$0] ?? "absent"), got \(gotten[$0] ?? "absent")" }
            notes.append("first differing row is number \(index + 1) (sorted) of the fixture: \(want)\n  " + differing.joined(separator: "\n  "))
            break
        }
        if notes.isEmpty, expected.count != actual.count {
            let extra = expected.count > actual.count ? expected[actual.count] : actual[expected.count]
            notes.append("the first row only one side has: \(extra)")
        }
        return notes.isEmpty ? nil : notes.joined(separator: "\n")
    }

    static func fields(_ line: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(line.utf8))) ?? [:]
    }
}
