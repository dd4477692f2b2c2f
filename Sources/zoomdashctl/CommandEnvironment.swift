import Foundation
import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPlatform
import ZoomDashPlugins
import ZoomDashStorage

/// What every command needs: the loaded config, a logger and the store.
struct CommandEnvironment {
    let config: ZoomDashConfig
    let logger: Logger

    nonisolated(unsafe) private static var loggingBootstrapped = false

    init(_ options: GlobalOptions) throws {
        logger = Self.bootstrapLogging(options)
        config = try ConfigLoader().load(commandLinePath: options.config)
        try StandardPlugins.validate(config)
    }

    /// Sets up logging once per process (a command that loads the config itself calls this alone).
    static func bootstrapLogging(_ options: GlobalOptions) -> Logger {
        if !loggingBootstrapped {
            loggingBootstrapped = true
            let level: Logger.Level = options.verbose ? .debug : .info
            // Journald when run by a systemd unit (a timer, say), else plain lines on stderr.
            let output = LogOutput.detect(environment: ProcessInfo.processInfo.environment)
            LoggingSystem.bootstrap { label in output.makeHandler(label: label, level: level, metadataProvider: nil) }
        }
        return Logger(label: "zoomdashctl")
    }

    func openStore(readOnly: Bool) throws -> ZoomDashStore {
        try ZoomDashStore(path: config.store.path, readOnly: readOnly)
    }
}

/// Parses `YYYY-MM-DD` or an ISO 8601 time from the command line.
func parseTime(_ text: String, option: String) throws -> UnixSeconds {
    guard let time = ZoomTime.parse(text) else {
        throw CommandLineError("\(option) \"\(text)\" is not a date; use YYYY-MM-DD or 2026-11-20T09:00:00Z")
    }
    return time
}

struct CommandLineError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
