import ArgumentParser
import Foundation
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPlugins

/// `zoomdashctl doctor`: every check of the setup, online, one line each (docs/doctor.md).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the whole setup online: config, secrets, Zoom (token, scopes, Dashboard, clock), webhooks, sinks, store, systemd.",
        discussion: """
            One line per check, ✓ ok, ⚠ warning, ✗ problem, – skipped, with what to do under each. Writes nothing: the \
            webhook test runs in memory, and chat sinks get a message only with --send-test-message. Exit codes: 0 nothing \
            is a problem (warnings allowed), 1 a problem, 78 the configuration is invalid. --json prints the same as JSON \
            (format: docs/doctor.md).
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .customLong("send-test-message"), help: "Post a test message through each chat sink (Mattermost, Slack).")
    var sendTestMessage = false

    func run() async throws {
        let logger = CommandEnvironment.bootstrapLogging(options)
        let environment = DoctorEnvironment(
            variables: ProcessInfo.processInfo.environment, http: CurlHTTPClient(maxConcurrentRequests: 2),
            now: { Date().timeIntervalSince1970 }, files: LocalFileSystem(), services: Systemctl(), logger: logger,
            sendTestMessage: sendTestMessage)
        let report = await Doctor(environment: environment).run(commandLinePath: options.config)
        print(json ? report.json : report.text)
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
