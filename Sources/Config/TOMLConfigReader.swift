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

    /// The known keys per section, from the catalog `zoomdash.toml(5)` is printed from.
    static let sections = ConfigKeyCatalog.knownKeys
    /// Sections whose children are plugins, each with its own keys (read by the plugin).
    static let pluginSections = ConfigKeyCatalog.pluginKinds

    mutating func read(into config: inout ZoomDashConfig) throws(ConfigError) {
        for key in table.keys where !Self.pluginSections.contains(key) {
            guard let allowed = Self.sections[key] else {
                let known = (Array(Self.sections.keys) + Self.pluginSections).sorted()
                throw error(key, "unknown section; known sections are \(known.joined(separator: ", "))")
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
        try readQuality(into: &config.analysis.quality)
        try readDaemon(into: &config)
        try readDashboard(into: &config.dashboard)
    }

    private func readDashboard(into dashboard: inout DashboardSettings) throws(ConfigError) {
        if let flag = try bool("dashboard.enabled") { dashboard.enabled = flag }
        if let listen = try string("dashboard.listen") {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                (0...65_535).contains(port), colon != listen.startIndex
            else { throw error("dashboard.listen", "must be host:port, like \"127.0.0.1:9466\"") }
            dashboard.host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            dashboard.port = port
        }
        if let path = try string("dashboard.users_file") {
            guard !path.isEmpty else { throw error("dashboard.users_file", "must be a file path, like \"/etc/zoomdash/dashboard.htpasswd\"") }
            dashboard.usersFile = path
        }
        if let name = try string("dashboard.timezone") {
            guard TimeZone(identifier: name) != nil else {
                throw error("dashboard.timezone", "unknown time zone \"\(name)\"; use an IANA name like \"Europe/Berlin\" or \"America/New_York\"")
            }
            dashboard.timeZone = name
        }
        if let url = try url("dashboard.public_url") { dashboard.publicURL = url }
        if let flag = try bool("dashboard.anonymous_overview") { dashboard.anonymousOverview = flag }
        if let flag = try bool("dashboard.public_topics") { dashboard.publicTopics = flag }
        if let value = value("dashboard.session_timeout") {
            let seconds = try duration(value, "dashboard.session_timeout", minimum: 300)
            guard seconds <= 30 * 86_400 else { throw error("dashboard.session_timeout", "must be at most 30 days, like \"12h\"") }
            dashboard.sessionSeconds = seconds
        }
        // The data is about children: off the machine, only with accounts.
        if dashboard.enabled && !dashboard.isLoopback && dashboard.usersFile == nil {
            throw error(
                "dashboard.listen",
                "listens on \(dashboard.host), which other machines can reach, but [dashboard] has no users_file: create one with `htpasswd -B -c /etc/zoomdash/dashboard.htpasswd NAME` and set users_file, or listen on 127.0.0.1")
        }
    }

    private func bool(_ keyPath: String) throws(ConfigError) -> Bool? {
        guard let value = value(keyPath) else { return nil }
        guard value.type == .bool, let flag = value.bool else { throw error(keyPath, "must be true or false, found \(value.type)") }
        return flag
    }

    private func readDaemon(into config: inout ZoomDashConfig) throws(ConfigError) {
        if let listen = try string("http.listen") {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                (0...65_535).contains(port), colon != listen.startIndex
            else { throw error("http.listen", "must be host:port, like \"127.0.0.1:9465\"") }
            config.http.host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            config.http.port = port
        }
        for (key, setting) in [
            ("header_timeout", \HTTPSettings.headerTimeoutSeconds), ("body_timeout", \.bodyTimeoutSeconds),
            ("idle_timeout", \.idleTimeoutSeconds), ("shutdown_timeout", \.shutdownTimeoutSeconds),
        ] {
            guard let value = value("http." + key) else { continue }
            let seconds = try duration(value, "http." + key, minimum: 1)
            guard seconds <= 3600 else { throw error("http." + key, "must be at most an hour, like \"30s\"") }
            config.http[keyPath: setting] = seconds
        }
        if let count = try integer("http.max_connections", in: 16...65_536) { config.http.maxConnections = count }
        if let bytes = try integer("http.max_header_bytes", in: 1024...1_048_576) { config.http.maxHeaderBytes = bytes }
        if config.http.shutdownTimeoutSeconds >= 30 {
            throw error("http.shutdown_timeout", "must be below 30 s, the unit's TimeoutStopSec (systemd kills the daemon then)")
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
        try readPlugins(into: &config)
    }

    /// `[collectors.NAME]` and `[sinks.NAME]`: the pipeline's keys here, the rest kept for the plugin.
    private func readPlugins(into config: inout ZoomDashConfig) throws(ConfigError) {
        for kind in Self.pluginSections {
            guard let value = table[kind] else { continue }
            guard let plugins = value.table else { throw error(kind, "must hold tables like [\(kind).NAME]") }
            for name in plugins.keys.sorted() {
                let base = "\(kind).\(name)"
                guard let section = plugins[name]?.table else { throw error(base, "must be a table ([\(base)])") }
                let defaults = kind == "collectors" ? DefaultPluginTypes.collectors : kind == "sinks" ? DefaultPluginTypes.sinks : [:]
                let type: String
                if let value = section["type"] {
                    guard let text = value.string, !text.isEmpty else { throw error(base + ".type", "must be a plugin type in quotes, like \"csv\"") }
                    type = text
                } else if let implied = defaults[name] {
                    type = implied
                } else {
                    throw error(base, "needs a type, like type = \"\(defaults.values.sorted().first ?? "zoom.websocket")\"")
                }
                var values: [String: ConfigValue] = [:]
                var lines: [String: Int] = [:]
                lines[""] = locator.line(of: base)
                lines["type"] = locator.line(of: base + ".type")
                let generic = ConfigKeyCatalog.pipelineKeyNames(kind)
                for key in section.keys where !generic.contains(key) {
                    values[key] = try configValue(section[key]!, base + "." + key)
                    lines[key] = locator.line(of: base + "." + key)
                }
                let own = ConfigSection(file: file, path: base, values: values, lines: lines)
                var enabled = true
                if let value = section["enabled"] {
                    guard let flag = value.bool else { throw error(base + ".enabled", "must be true or false") }
                    enabled = flag
                }
                let interval = try section["interval"].map { value throws(ConfigError) in try duration(value, base + ".interval", minimum: 10) }
                if kind == "sources" {
                    var source = SourceConfig(type: type, section: own)
                    source.enabled = enabled
                    config.sources[name] = source
                } else if kind == "collectors" {
                    var collector = config.collectors[name] ?? CollectorConfig(type: type, section: own)
                    if collector.type != type { collector = CollectorConfig(type: type, section: own) }
                    collector.section = own
                    collector.schedule.enabled = enabled
                    if let interval { collector.schedule.intervalSeconds = interval }
                    if let value = section["lookback"] { collector.schedule.lookbackSeconds = try duration(value, base + ".lookback", minimum: 60) }
                    config.collectors[name] = collector
                } else {
                    var sink = config.sinks[name] ?? SinkConfig(type: type, section: own)
                    if sink.type != type { sink = SinkConfig(type: type, section: own) }
                    sink.section = own
                    sink.enabled = enabled
                    if let interval { sink.intervalSeconds = interval }
                    if let value = section["change_delay"] { sink.changeDelaySeconds = try duration(value, base + ".change_delay", minimum: 1) }
                    config.sinks[name] = sink
                }
            }
        }
    }

    private func configValue(_ value: any TOMLValueConvertible, _ keyPath: String) throws(ConfigError) -> ConfigValue {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .double(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        case .array:
            return .array(try (value.array.map(Array.init) ?? []).map { (item: any TOMLValueConvertible) throws(ConfigError) in try configValue(item, keyPath) })
        case .table:
            var entries: [String: ConfigValue] = [:]
            if let table = value.table { for key in table.keys { entries[key] = try configValue(table[key]!, keyPath + "." + key) } }
            return .table(entries)
        default:
            throw error(keyPath, "dates and times are not supported here; write them as strings")
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
        if let value = value("zoom.fetch_after_end") { zoom.fetchAfterEndSeconds = try duration(value, "zoom.fetch_after_end", minimum: 0) }
    }

    private func readQuality(into quality: inout QualitySettings) throws(ConfigError) {
        if let value = try positive("quality.poor_latency_ms") { quality.poorLatencyMs = value }
        if let value = try positive("quality.poor_jitter_ms") { quality.poorJitterMs = value }
        if let value = try positive("quality.poor_avg_loss_percent") {
            guard value < 100 else { throw error("quality.poor_avg_loss_percent", "must be below 100 (a percentage), like 5") }
            quality.poorAvgLossPercent = value
        }
        if let value = try integer("quality.before_drop_minutes", in: 1...60) { quality.beforeDropMinutes = value }
        for (key, path) in [("quality.local_min_dropped_share", \QualitySettings.localMinDroppedShare), ("quality.local_max_others_share", \.localMaxOthersShare)] {
            guard let value = try number(key) else { continue }
            guard (0...1).contains(value) else { throw error(key, "must be a share between 0 and 1, like 0.5") }
            quality[keyPath: path] = value
        }
        if let value = try integer("quality.raw_retention_days", in: 1...3650) { quality.rawRetentionDays = value }
    }

    private func positive(_ keyPath: String) throws(ConfigError) -> Double? {
        guard let value = try number(keyPath) else { return nil }
        guard value > 0 else { throw error(keyPath, "must be greater than 0") }
        return value
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
