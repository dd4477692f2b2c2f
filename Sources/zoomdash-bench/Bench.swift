import Foundation
import ZoomDashCore

/// `zoomdash-bench [analysis|insert|reanalyse|reanalyse-peer|qos|zoho|backfill|webhook|websocket|dashboard|all]`: each benchmark runs in its own process
/// (`all` re-executes this binary) so every peak-memory figure is its own.
@main
struct Bench {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        let which = arguments.first ?? "all"
        switch which {
        case "analysis": try await AnalysisBench.run()
        case "insert": try await InsertBench.run()
        case "reanalyse": try await ReanalyseBench.run()
        case "backfill": try await BackfillBench.run(arguments: Array(arguments.dropFirst()))
        case "webhook": try await WebhookBench.run()
        case "websocket": try await WebSocketBench.run()
        case "parse": try ParseBench.run()
        case "commit": try await CommitBench.run()
        case "qos": try await QualityBench.run()
        case "zoho": try await ZohoBench.run()
        case "dashboard": try await DashboardBench.run(arguments: Array(arguments.dropFirst()))
        case "dashboard-store": try await DashboardStoreBench.run()
        case "reanalyse-peer": try ReanalysePeerBench.run(arguments: Array(arguments.dropFirst()))
        case "all":
            print(Machine.description)
            for name in ["analysis", "insert", "reanalyse", "qos", "zoho", "backfill", "commit", "webhook", "websocket"] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
                process.arguments = [name]
                try process.run()
                process.waitUntilExit()
                guard process.terminationStatus == 0 else { throw BenchError("\(name) failed") }
            }
        default:
            throw BenchError("unknown benchmark \(which); use analysis, insert, reanalyse, reanalyse-peer, parse, commit, qos, zoho, backfill, webhook, websocket, dashboard or all")
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Machine {
    static var description: String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let memory = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first.map(String.init) ?? ""
        return "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu); \(memory.replacingOccurrences(of: "  ", with: ""))"
    }

    /// User plus system CPU time of a process so far, in seconds (all its threads).
    static func cpuSeconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after the name start at field 3 (state); utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Peak resident memory of this process (VmHWM), in MiB.
    static var peakMemoryMiB: Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}

func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let result = try await body()
    let elapsed = start.duration(to: .now)
    return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
}

func report(_ name: String, _ fields: [(String, String)]) {
    print("\(name): " + fields.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
}

func format(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

/// Cost of parsing one webhook body (the daemon's per-request JSON work), in isolation.
enum ParseBench {
    static func run() throws {
        let body = Array(#"{"event":"meeting.participant_left","event_ts":1775245678886,"payload":{"account_id":"ACCT","object":{"uuid":"INSTANCEUUID==","id":"10000000001","type":3,"topic":"Room","host_id":"HOSTID","duration":60,"start_time":"2026-04-03T10:56:58Z","timezone":"America/Los_Angeles","participant":{"user_id":"117441536","user_name":"Alice","id":"","participant_user_id":"","registrant_id":"","email":"","participant_uuid":"0EA4BD28-DB6C-2176-5ABA-ACAC2B90C2C6","leave_time":"2026-04-03T19:47:57Z","public_ip":"203.0.113.3","private_ip":"192.168.86.248","leave_reason":"got disconnected from the meeting. Reason : Client Close."}}}}"#.utf8)
        let count = 100_000
        let start = ContinuousClock.now
        var checksum = 0
        for _ in 0..<count { checksum &+= (try WebhookParser.parse(body)).participant?.time.hashValue ?? 0 }
        let elapsed = start.duration(to: .now)
        let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) * 1e-12) / Double(count)
        report("parse", [("microseconds_per_event", format(micros, 1)), ("checksum", "\(checksum & 1)")])
    }
}
