import Foundation
import TOMLKit
import ZoomDashCore
import ZoomDashZoomAPI

/// Walks the parsed TOML table section by section, checking every key's type and value and
/// rejecting unknown keys, so a typo never silently falls back to a default.
struct TOMLConfigReader {
    let table: TOMLTable
    let locator: TOMLKeyLocator
    let file: String

    static let sections: [String: Set<String>] = [
        "store": ["path"],
        "zoom": [
            "account_id", "client_id", "client_secret", "api_url", "oauth_url", "plan", "source", "concurrency",
            "request_timeout_seconds",
        ],
        "meetings": ["include_topics", "exclude_topics", "hosts", "meeting_ids"],
        "analysis": [
            "reconnect_grace_seconds", "collective_window_seconds", "collective_min_participants",
            "collective_min_fraction", "account_min_meetings",
        ],
        "export": ["directory"],
        "http": ["listen"],
        "webhook": ["path", "secret_token", "tolerance_seconds"],
        "presence": ["meeting_ids", "watch"],
        "collectors": ["participants"],
    ]
    static let collectorKeys: Set<String> = ["enabled", "interval", "lookback"]

    mutating func read(into config: inout ZoomDashConfig) throws(ConfigError) {
        for key in table.keys {
            guard let allowed = Self.sections[key] else {
                throw error(key, "unknown section; known sections are \(Self.sections.keys.sorted().joined(separator: ", "))")
            }
            guard let section = table[key]?.table else { throw error(key, "must be a table ([\(key)])") }
            for child in section.keys where !allowed.contains(child) {
                throw error("\(key).\(child)", "unknown key; known keys in [\(key)] are \(allowed.sorted().joined(separator: ", "))")
            }
        }
        if let path = try string("store.path") { config.store.path = path }
        if let directory = try string("export.directory") { config.export.directory = directory }
        try readZoom(into: &config.zoom)
        try readMeetings(into: &config.meetings)
        try readAnalysis(into: &config.analysis)
        try readDaemon(into: &config)
    }

    private func readDaemon(into config: inout ZoomDashConfig) throws(ConfigError) {
        if let listen = try string("http.listen") {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                (0...65_535).contains(port), colon != listen.startIndex
            else { throw error("http.listen", "must be host:port, like \"127.0.0.1:9465\"") }
            config.http.host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            config.http.port = port
        }
        if let path = try string("webhook.path") {
            guard path.hasPrefix("/") else { throw error("webhook.path", "must start with /, like \"/zoom/webhook\"") }
            config.webhook.path = path
        }
        if let secret = try string("webhook.secret_token") { config.webhook.secretToken = secret }
        if let tolerance = try integer("webhook.tolerance_seconds", in: 1...86_400) { config.webhook.toleranceSeconds = tolerance }
        if let ids = try array("presence.meeting_ids") {
            config.presence.meetingIDs = try ids.map { (value: any TOMLValueConvertible) throws(ConfigError) -> Int64 in
                if let number = value.int { return Int64(number) }
                if let text = value.string, let number = Int64(text.filter { $0 != " " }) { return number }
                throw error("presence.meeting_ids", "must list numeric meeting ids like 81234567890")
            }
        }
        if let watch = try strings("presence.watch") { config.presence.watch = watch }
        if let collectors = table["collectors"]?.table {
            for name in collectors.keys {
                guard let section = collectors[name]?.table else { throw error("collectors.\(name)", "must be a table ([collectors.\(name)])") }
                for key in section.keys where !Self.collectorKeys.contains(key) {
                    throw error("collectors.\(name).\(key)", "unknown key; known keys are enabled, interval, lookback")
                }
                var schedule = config.collectors[name] ?? CollectorSchedule()
                let base = "collectors.\(name)"
                if let value = section["enabled"] {
                    guard let enabled = value.bool else { throw error(base + ".enabled", "must be true or false") }
                    schedule.enabled = enabled
                }
                if let value = section["interval"] { schedule.intervalSeconds = try duration(value, base + ".interval", minimum: 10) }
                if let value = section["lookback"] { schedule.lookbackSeconds = try duration(value, base + ".lookback", minimum: 60) }
                config.collectors[name] = schedule
            }
        }
    }

    private func duration(_ value: any TOMLValueConvertible, _ keyPath: String, minimum: Int64) throws(ConfigError) -> Int64 {
        let seconds = value.int.map(Int64.init) ?? value.string.flatMap(DurationText.seconds)
        guard let seconds, seconds >= minimum else {
            throw error(keyPath, "must be a duration of at least \(minimum) s, like \"15m\", \"6h\" or \"90s\"")
        }
        return seconds
    }

    private func readZoom(into zoom: inout ZoomSettings) throws(ConfigError) {
        if let value = try string("zoom.account_id") { zoom.accountID = value }
        if let value = try string("zoom.client_id") { zoom.clientID = value }
        if let value = try string("zoom.client_secret") { zoom.clientSecret = value }
        if let value = try url("zoom.api_url") { zoom.apiURL = value }
        if let value = try url("zoom.oauth_url") { zoom.oauthURL = value }
        if let value = try string("zoom.plan") {
            guard let plan = ZoomPlan(rawValue: value) else {
                throw error("zoom.plan", "must be one of \(ZoomPlan.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(value)\"")
            }
            zoom.plan = plan
        }
        if let value = try string("zoom.source") {
            guard let source = ParticipantSource(rawValue: value) else {
                throw error("zoom.source", "must be dashboard, report or auto, not \"\(value)\"")
            }
            zoom.source = source
        }
        if let value = try integer("zoom.concurrency", in: 1...32) { zoom.concurrency = value }
        if let value = try integer("zoom.request_timeout_seconds", in: 1...600) { zoom.requestTimeoutSeconds = value }
    }

    private func readMeetings(into meetings: inout MeetingSelection) throws(ConfigError) {
        if let value = try regexes("meetings.include_topics") { meetings.includeTopics = value }
        if let value = try regexes("meetings.exclude_topics") { meetings.excludeTopics = value }
        if let value = try strings("meetings.hosts") { meetings.hosts = value.map { $0.lowercased() } }
        if let values = try array("meetings.meeting_ids") {
            meetings.meetingIDs = try values.map { (value: any TOMLValueConvertible) throws(ConfigError) -> Int64 in
                if let number = value.int { return Int64(number) }
                if let text = value.string, let number = Int64(text.filter { $0 != " " }) { return number }
                throw error("meetings.meeting_ids", "must list numeric meeting ids like 81234567890")
            }
        }
    }

    private func readAnalysis(into analysis: inout AnalysisThresholds) throws(ConfigError) {
        if let value = try integer("analysis.reconnect_grace_seconds", in: 1...86_400) {
            analysis.reconnectGraceSeconds = Int64(value)
        }
        if let value = try integer("analysis.collective_window_seconds", in: 1...3_600) {
            analysis.collectiveWindowSeconds = Int64(value)
        }
        if let value = try integer("analysis.collective_min_participants", in: 2...10_000) {
            analysis.collectiveMinParticipants = value
        }
        if let value = try number("analysis.collective_min_fraction"), !(0...1).contains(value) {
            throw error("analysis.collective_min_fraction", "must be between 0 and 1, like 0.2")
        } else if let value = try number("analysis.collective_min_fraction") {
            analysis.collectiveMinFraction = value
        }
        if let value = try integer("analysis.account_min_meetings", in: 2...10_000) { analysis.accountMinMeetings = value }
    }

    // MARK: - Typed access

    private func value(_ keyPath: String) -> (any TOMLValueConvertible)? {
        let parts = keyPath.split(separator: ".").map(String.init)
        return table[parts[0]]?.table?[parts[1]]
    }

    private func string(_ keyPath: String) throws(ConfigError) -> String? {
        guard let value = value(keyPath) else { return nil }
        guard let text = value.string else { throw error(keyPath, "must be a string (in quotes), found \(value.type)") }
        return text
    }

    private func url(_ keyPath: String) throws(ConfigError) -> String? {
        guard let text = try string(keyPath) else { return nil }
        guard text.hasPrefix("https://") || text.hasPrefix("http://") else {
            throw error(keyPath, "must be an http(s) URL, like https://api.zoom.us/v2")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private func integer(_ keyPath: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let value = value(keyPath) else { return nil }
        guard let number = value.int, value.type == .int else {
            throw error(keyPath, "must be a whole number, found \(value.type)")
        }
        guard range.contains(number) else {
            throw error(keyPath, "must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
        }
        return number
    }

    private func number(_ keyPath: String) throws(ConfigError) -> Double? {
        guard let value = value(keyPath) else { return nil }
        if value.type == .double, let number = value.double { return number }
        if value.type == .int, let number = value.int { return Double(number) }
        throw error(keyPath, "must be a number, found \(value.type)")
    }

    private func array(_ keyPath: String) throws(ConfigError) -> [any TOMLValueConvertible]? {
        guard let value = value(keyPath) else { return nil }
        guard let items = value.array else { throw error(keyPath, "must be a list like [\"a\", \"b\"], found \(value.type)") }
        return Array(items)
    }

    private func strings(_ keyPath: String) throws(ConfigError) -> [String]? {
        guard let items = try array(keyPath) else { return nil }
        return try items.map { (item: any TOMLValueConvertible) throws(ConfigError) -> String in
            guard let text = item.string else { throw error(keyPath, "must list strings (in quotes), found \(item.type)") }
            return text
        }
    }

    private func regexes(_ keyPath: String) throws(ConfigError) -> [String]? {
        guard let patterns = try strings(keyPath) else { return nil }
        for pattern in patterns {
            do {
                _ = try Regex(pattern)
            } catch {
                throw self.error(keyPath, "invalid regular expression \"\(pattern)\": \(error)")
            }
        }
        return patterns
    }

    private func error(_ keyPath: String, _ message: String) -> ConfigError {
        ConfigError(file: file, key: keyPath, line: locator.line(of: keyPath), message: message)
    }
}
