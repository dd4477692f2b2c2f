import Foundation
import Hummingbird
import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashDashboard
import ZoomDashHTTPClient
import ZoomDashStorage

/// The dashboard on six months of a school (``SchoolDays``, ~5.2 M sessions): every API call the
/// pages make, the page shells and the assets, through the real HTTP server on a loopback port (a
/// ReaderPool on the file, no users file), timed from a libcurl client. The store is built once by
/// `zoomdash-bench dashboard-store` (in its own process, so the server's peak memory is its own) and
/// reused from `ZOOMDASH_BENCH_DASHBOARD_STORE` (default `/tmp/zoomdash-bench-dashboard.sqlite`);
/// `--rebuild` builds it again; further arguments pick calls by the start of their names (`presence`,
/// `page`). Goal (issue 12): p95 < 300 ms for each call.
enum DashboardBench {
    static let goalMs = 300.0
    static var runs: Int { Int(ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_DASHBOARD_RUNS"] ?? "") ?? 30 }
    /// Bumped whenever ``SchoolDays`` or the way the store is filled changes: an older store is rebuilt.
    static let storeVersion = "school-v3"
    static let versionKey = "bench.dashboard"

    static var storePath: String {
        ProcessInfo.processInfo.environment["ZOOMDASH_BENCH_DASHBOARD_STORE"] ?? NSTemporaryDirectory() + "zoomdash-bench-dashboard.sqlite"
    }

    static func run(arguments: [String]) async throws {
        let path = storePath
        let benchStart = ContinuousClock.now
        let current = await isCurrent(path)
        if arguments.contains("--rebuild") || !current {
            print("dashboard: building the store at \(path) (\(storeVersion)); later runs reuse it")
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["dashboard-store"]
            try child.run()
            child.waitUntilExit()
            guard child.terminationStatus == 0 else { throw BenchError("dashboard-store failed") }
        } else {
            print("dashboard: reusing the store at \(path) (\(storeVersion), made by `zoomdash-bench dashboard-store`; --rebuild makes it again)")
        }

        // As the daemon opens it: the writer first (this build's migrations), then the dashboard's readers.
        let (writer, openSeconds) = try await measure { try ZoomDashStore(path: path) }
        let sessions = try await writer.status().participantSessions
        var settings = DashboardSettings()
        settings.port = 0
        settings.timeZone = SchoolDays.zone
        var presence = PresenceSettings()
        presence.meetingIDs = SchoolDays.watchedRooms.map(SchoolDays.meetingID(room:))
        presence.watch = SchoolDays.watchedNames
        let api = DashboardAPI(
            readers: try ReaderPool(path: path), calendar: LocalCalendar(zone: TimeZone(identifier: SchoolDays.zone)!), settings: settings,
            presence: presence,
            live: { LiveStatus(version: ZoomDashVersion.current, startedAt: SchoolDays.now - 3 * 3600, budget: ["light_remaining": 80]) },
            now: { SchoolDays.now })
        var logger = Logger(label: "zoomdash-bench.dashboard")
        logger.logLevel = .warning
        let access = try DashboardAccess(usersFile: nil, sessionSeconds: 3600, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = DashboardServer.application(api: api, access: access, logger: logger) { port in portContinuation.yield(port) }
        // Left running: the process ends when the figures are out.
        _ = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchError("the dashboard did not start") }
        let base = "http://127.0.0.1:\(port)"
        let client = CurlHTTPClient(maxConcurrentRequests: 1)

        // What a page would open: the newest Zoom bad moment of the incident list, the assembly of the last full day.
        let accountList = try await get(client, base + "/api/v1/incidents?scope=account&limit=1")
        guard let incidents = (try JSONSerialization.jsonObject(with: Data(accountList.body)) as? [String: Any])?["incidents"] as? [[String: Any]],
            let incidentID = incidents.first?["id"] as? Int
        else { throw BenchError("no account-level incident in the last 30 days: \(String(decoding: accountList.body, as: UTF8.self).prefix(300))") }
        let meeting = SchoolDays.bigClassUUID.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!

        let allCalls: [(String, String)] = [
            ("days", "/api/v1/days"),
            ("overview", "/api/v1/overview"),
            ("today", "/api/v1/today"),
            ("incidents", "/api/v1/incidents"),
            ("incidents?topic=math", "/api/v1/incidents?topic=math"),
            ("incidents/{id} (account)", "/api/v1/incidents/\(incidentID)"),
            ("disconnections", "/api/v1/disconnections"),
            ("people", "/api/v1/people"),
            ("meetings/{uuid} (assembly)", "/api/v1/meetings/\(meeting)"),
            ("presence", "/api/v1/presence"),
            ("health", "/api/v1/health"),
            ("days?format=csv", "/api/v1/days?format=csv"),
            ("disconnections?format=csv", "/api/v1/disconnections?format=csv"),
            ("page /", "/"), ("page /today", "/today"), ("page /incidents", "/incidents"), ("page /incidents/{id}", "/incidents/\(incidentID)"),
            ("page /meetings/{uuid}", "/meetings/\(meeting)"), ("page /people", "/people"), ("page /rooms", "/rooms"),
            ("page /health", "/health"), ("page /overview", "/overview"), ("/assets/app.js", "/assets/app.js"),
            ("/assets/app.css", "/assets/app.css"),
        ]
        // `zoomdash-bench dashboard people presence`: only the calls whose names start so.
        let only = arguments.filter { !$0.hasPrefix("--") }
        let calls = only.isEmpty ? allCalls : allCalls.filter { call in only.contains { call.0.hasPrefix($0) } }
        print(Machine.description)
        print(
            "dashboard: store_mib=\(format(Double(writer.sizeOnDisk()) / 1_048_576, 0)) sessions=\(sessions) open_seconds=\(format(openSeconds)) "
                + "now=\(ZoomTime.iso8601(SchoolDays.now)) port=\(port) runs=\(runs) after 2 warm-ups")
        var missed: [String] = []
        var slowest = 0.0
        for (name, path) in calls {
            var bytes = 0
            for _ in 0..<2 { bytes = try await get(client, base + path).body.count }
            var times: [Double] = []
            for _ in 0..<runs {
                let started = ContinuousClock.now
                _ = try await get(client, base + path)
                times.append(seconds(since: started) * 1000)
            }
            times.sort()
            let p95 = percentile(times, 0.95)
            slowest = max(slowest, p95)
            if p95 >= goalMs { missed.append(name) }
            report("dashboard_call", [
                ("name", name.replacingOccurrences(of: " ", with: "_")), ("p50_ms", format(percentile(times, 0.5), 1)),
                ("p95_ms", format(p95, 1)), ("max_ms", format(times.last ?? 0, 1)), ("bytes", "\(bytes)"),
            ])
        }
        report("dashboard", [
            ("calls", "\(calls.count)"), ("slowest_p95_ms", format(slowest, 1)),
            ("over_goal", missed.isEmpty ? "none" : missed.map { $0.replacingOccurrences(of: " ", with: "_") }.joined(separator: ",")),
            ("peak_rss_mib", format(Machine.peakMemoryMiB, 0)), ("seconds_total", format(seconds(since: benchStart), 1)),
        ])
    }

    static func get(_ client: CurlHTTPClient, _ url: String) async throws -> HTTPClientResponse {
        let response = try await client.send(HTTPClientRequest(url: url, timeout: .seconds(120)))
        guard response.status == 200 else {
            throw BenchError("GET \(url): \(response.status) \(String(decoding: response.body.prefix(300), as: UTF8.self))")
        }
        return response
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))]
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = start.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Whether the store at `path` was completely built by this version of ``SchoolDays``.
    static func isCurrent(_ path: String) async -> Bool {
        guard FileManager.default.fileExists(atPath: path), let store = try? ZoomDashStore(path: path, readOnly: true) else { return false }
        return (try? await store.checkpoint(versionKey)) == storeVersion
    }
}

/// Builds the school's store through the collector's path: each day's meetings listed, each class's
/// participants stored as Zoom's record of it (`storeParticipants`), then the day analysed as the
/// daemon's pass does (`AnalysisRunner.analyse`, account-level incidents refreshed), and a
/// participants collector run recorded.
enum DashboardStoreBench {
    static func run() async throws {
        let path = DashboardBench.storePath
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let store = try ZoomDashStore(path: path)
        var sessions = 0
        var meetings = 0
        var analysisSeconds = 0.0
        var uuids = Set<String>()
        let started = ContinuousClock.now
        for day in 0..<SchoolDays.days {
            let classes = SchoolDays.classes(day: day)
            for item in classes where !uuids.insert(item.meeting.uuid).inserted { throw BenchError("two classes share the uuid \(item.meeting.uuid)") }
            let fetchedAt = min(SchoolDays.now, SchoolDays.firstDay + Int64(day) * 86_400 + 20 * 3600)
            try await store.upsertMeetings(classes.map(\.meeting), monitored: { _ in true }, now: fetchedAt)
            var rows = 0
            for item in classes {
                try await store.storeParticipants(meetingUUID: item.meeting.uuid, sessions: item.sessions, fetchedAt: fetchedAt)
                rows += item.sessions.count
            }
            let (_, seconds) = try await measure {
                try await AnalysisRunner(thresholds: AnalysisThresholds(), now: { fetchedAt }).analyse(meetingUUIDs: classes.map(\.meeting.uuid), in: store)
            }
            analysisSeconds += seconds
            try await recordRuns(day: day, rows: rows)
            sessions += rows
            meetings += classes.count
            if day % 30 == 29 {
                FileHandle.standardError.write(Data("dashboard-store: \(day + 1) days, \(sessions) sessions, \(format(DashboardBench.seconds(since: started), 0)) s\n".utf8))
            }
        }
        try await store.setNotifierCursor("chat", to: try await store.outboxEvents(after: 0, limit: 1_000_000).last?.id ?? 0, now: SchoolDays.now)
        _ = try await store.checkpointWAL()
        try await store.setCheckpoint(DashboardBench.versionKey, DashboardBench.storeVersion, now: SchoolDays.now)
        _ = try await store.checkpointWAL()
        let status = try await store.status()
        report("dashboard-store", [
            ("days", "\(SchoolDays.days)"), ("meetings", "\(meetings)"), ("sessions", "\(sessions)"),
            ("disconnections", "\(status.disconnectionsByReason.values.reduce(0, +))"),
            ("meeting_incidents", "\(status.incidentsByScope["meeting"] ?? 0)"), ("account_incidents", "\(status.incidentsByScope["account"] ?? 0)"),
            ("build_seconds", format(DashboardBench.seconds(since: started), 1)), ("analysis_seconds", format(analysisSeconds, 1)),
            ("store_mib", format(Double(store.sizeOnDisk()) / 1_048_576, 0)), ("peak_rss_mib", format(Machine.peakMemoryMiB, 0)),
        ])

        /// The daemon's runs of one day, every 15 minutes as configured by default (1 % failed): two
        /// collectors, two exporters and a chat notifier, 17,280 runs each over the six months.
        func recordRuns(day: Int, rows: Int) async throws {
            var random = SeededRandom(5, day)
            let dayStart = SchoolDays.firstDay + Int64(day) * 86_400
            for slot in 0..<96 {
                let started = dayStart + Int64(slot) * 900
                guard started + 60 <= SchoolDays.now else { break }
                for collector in ["participants", "qos"] {
                    let failed = random.chance(0.01)
                    try await store.recordRun(
                        CollectorRun(
                            collector: collector, startedAt: started, finishedAt: started + 20 + random.int(0...40), result: failed ? .error : .ok,
                            rows: failed ? 0 : random.below(300), apiCalls: 1 + random.below(40), error: failed ? "HTTP 503 from Zoom" : nil))
                }
                for sink in ["csv", "zoho", "chat"] {
                    let failed = random.chance(0.01)
                    try await store.recordSinkRun(
                        SinkRun(
                            sink: sink, startedAt: started + 60, finishedAt: started + 61 + random.int(0...20), result: failed ? .error : .ok,
                            rows: failed ? 0 : random.below(2000), error: failed ? "connection refused" : nil))
                }
            }
        }
    }
}
