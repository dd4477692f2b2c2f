import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPlatform
import ZoomDashPlugins
import ZoomDashServer
import ZoomDashStorage
import ZoomDashZoomAPI

@main
struct ZoomDashD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoomdashd",
        abstract: "ZoomDash daemon: scheduled Zoom collectors, the Zoom webhook endpoint, /metrics and /healthz.",
        discussion: "Runs in the foreground (systemd Type=notify). SIGHUP reloads the configuration; SIGTERM stops gracefully. Exit 78 on a configuration error, 74 when the store cannot be used, 69 when a listening address is taken.",
        version: ZoomDashVersion.current,
        subcommands: [Run.self, CheckConfig.self, Reload.self],
        defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the daemon (the default).")

        @Option(help: "Config file (default: $ZOOMDASH_CONFIG, else /etc/zoomdash/zoomdash.toml; embedded defaults when absent).")
        var config: String?

        @Flag(name: .shortAndLong, help: "Log debug details.")
        var verbose = false

        func run() async throws {
            let level: Logger.Level = verbose ? .debug : .info
            LoggingSystem.bootstrap { label in LogOutput.makeHandler(label: label, level: level) }
            let logger = Logger(label: "zoomdashd")
            let loaded: ZoomDashConfig
            do {
                loaded = try ConfigLoader().load(commandLinePath: config)
                try StandardPlugins.validate(loaded)
                try Daemon.validate(loaded)
            } catch {
                logger.critical("invalid configuration", metadata: ["error": "\(error)"])
                FileHandle.standardError.write(Data("zoomdashd: error: \(error)\n".utf8))
                throw ExitCode(ConfigError.exitCode)
            }
            do {
                try await Daemon(config: loaded, configPath: config, logger: logger).run()
            } catch let error as StoreError {
                logger.critical("cannot use the store", metadata: ["error": "\(error)"])
                throw ExitCode(74)
            } catch let error as ServerError {
                logger.critical("cannot serve", metadata: ["error": "\(error)"])
                FileHandle.standardError.write(Data("zoomdashd: error: \(error)\n".utf8))
                throw ExitCode(ServerError.exitCode)
            }
        }
    }

    struct CheckConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-config", abstract: "Validate the configuration (used by ExecStartPre= and before a reload).")

        @Option(help: "Config file to check.")
        var config: String?

        func run() async throws {
            do {
                let loaded = try ConfigLoader().load(commandLinePath: config)
                try StandardPlugins.validate(loaded)
                try Daemon.validate(loaded)
                var notes: [String] = []
                if !loaded.zoom.hasCredentials { notes.append("Zoom credentials missing: the participants collector will fail") }
                if loaded.webhook.secretToken.isEmpty { notes.append("no webhook secret: the webhook endpoint refuses every request") }
                print("config OK" + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"))
            } catch {
                FileHandle.standardError.write(Data("zoomdashd: error: \(error)\n".utf8))
                throw ExitCode(ConfigError.exitCode)
            }
        }
    }

    /// `ExecReload=`: SIGHUP to the running daemon, without depending on a `kill` binary.
    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reload", abstract: "Ask the running zoomdashd (--pid, systemd's $MAINPID) to reload its configuration.")

        @Option(help: "The daemon's process id.")
        var pid: Int32

        func run() throws {
            guard pid > 1 else { throw ValidationError("--pid must be the daemon's process id, not \(pid)") }
            guard kill(pid, SIGHUP) == 0 else {
                FileHandle.standardError.write(Data("zoomdashd: error: cannot signal process \(pid): \(String(cString: strerror(errno)))\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
