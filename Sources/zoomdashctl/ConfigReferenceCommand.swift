import ArgumentParser
import ZoomDashConfiguration
import ZoomDashCore

/// Prints `zoomdash.toml(5)` from the key catalog the loader uses; `make deb` installs its output.
/// Hidden: a build step, not an admin's command.
struct ConfigReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config-reference", abstract: "Print the zoomdash.toml(5) manual page (roff) of every configuration key.",
        shouldDisplay: false)

    @Option(help: "The page's date, yyyy-mm-dd (the package passes its own, so rebuilds are identical).")
    var date: String

    func validate() throws {
        let parts = date.split(separator: "-")
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), parts[0].count == 4 else {
            throw ValidationError("--date must be yyyy-mm-dd, like 2026-12-01, not \"\(date)\"")
        }
    }

    func run() {
        print(ConfigManualPage(version: ZoomDashVersion.current, date: date).render(), terminator: "")
    }
}
