import ArgumentParser
import Foundation
import ZoomDashConfiguration
import ZoomDashDashboard
import ZoomDashPlatform

/// `zoomdashctl passwd NAME`: adds a dashboard account or sets its password, in the users file the
/// config names (bcrypt, as `htpasswd -B` would), so no apache2-utils is needed.
struct PasswdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Add a dashboard account or change its password ([dashboard] users_file).",
        discussion: "Reads the password from the terminal, or one line from standard input (scripts).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The account name.")
    var user: String

    @Option(help: "The users file (default: [dashboard] users_file of the config).")
    var file: String?

    func run() async throws {
        let path: String
        if let file {
            path = file
        } else {
            let environment = try CommandEnvironment(options)
            guard let configured = environment.config.dashboard.usersFile else {
                throw CommandLineError("[dashboard] has no users_file: set one (like /etc/zoomdash/dashboard.htpasswd) or pass --file")
            }
            path = configured
        }
        let password = Self.readPassword()
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        do {
            let text = try Accounts.setting(user: user, password: password, in: existing)
            _ = try Accounts.parse(text, path: path)
            try AtomicFile.write(text, to: path, permissions: 0o640)
        } catch let error as DashboardError {
            throw CommandLineError(error.description)
        }
        print("\(existing.contains("\n\(user):") || existing.hasPrefix("\(user):") ? "changed the password of" : "added") \(user) in \(path)")
    }

    static func readPassword() -> String {
        if isatty(0) == 1, let typed = getpass("Password: ") { return String(cString: typed) }
        return readLine(strippingNewline: true) ?? ""
    }
}
