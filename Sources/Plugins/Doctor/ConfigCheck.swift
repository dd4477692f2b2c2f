import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashZoomAPI

/// `config`: the configuration loads and every plugin section is valid, as `zoomdashctl check-config`
/// says. The other checks need it: when it fails, they are not run.
enum ConfigCheck {
    static let id = "config"
    static let title = "Configuration"

    struct Loaded: Sendable {
        var config: ZoomDashConfig
        /// The file read (or the default path, absent: embedded defaults).
        var path: String
        var fileExists: Bool
    }

    static func load(commandLinePath: String?, environment: [String: String], fileExists: (String) -> Bool)
        -> (DoctorCheck, Loaded?)
    {
        let loader = ConfigLoader(environment: environment)
        let path = loader.resolvePath(commandLine: commandLinePath).path
        let config: ZoomDashConfig
        do {
            config = try loader.load(commandLinePath: commandLinePath)
            try StandardPlugins.validate(config)
        } catch {
            var check = DoctorCheck.problem(
                id, title, error.description,
                fix: "correct what the message names (file, line and key); `zoomdashctl check-config` shows what is read",
                facts: ["file": .text(path)])
            check.isConfigurationError = true
            return (check, nil)
        }
        let exists = fileExists(path)
        let collectors = config.collectors.sorted { $0.key < $1.key }.map { name, collector in
            collector.schedule.enabled ? "\(name) every \(DurationText.describe(collector.schedule.intervalSeconds))" : "\(name) off"
        }
        let sinks = config.sinks.sorted { $0.key < $1.key }.map { name, sink in sink.enabled ? "\(name) (\(sink.type))" : "\(name) off" }
        let origin = exists ? "\(path) is valid" : "no \(path): embedded defaults and the environment"
        let detail = "\(origin); plan \(config.zoom.plan.rawValue), source \(config.zoom.source.rawValue); collectors: "
            + (collectors.isEmpty ? "none" : collectors.joined(separator: ", ")) + "; sinks: " + (sinks.isEmpty ? "none" : sinks.joined(separator: ", "))
        let check = DoctorCheck.ok(id, title, detail, facts: ["file": .text(path), "file_exists": .flag(exists)])
        return (check, Loaded(config: config, path: path, fileExists: exists))
    }
}

extension DurationText {
    /// `15m`, `6h`, `90s`, `1d`: the largest unit that divides it.
    static func describe(_ seconds: Int64) -> String {
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where seconds >= size && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
