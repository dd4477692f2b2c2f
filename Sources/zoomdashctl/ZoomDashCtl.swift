import ArgumentParser
import ZoomDashCore

@main
struct ZoomDashCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoomdashctl",
        abstract: "Backfill, inspect and export ZoomDash's store of Zoom disconnections.",
        discussion: """
            Exit codes: 0 success; 64 bad command line; 69 Zoom refused or could not be reached; \
            74 the store could not be opened or written; 75 partly done, run the same command again later \
            (it resumes); 78 configuration error; 1 anything else.
            """,
        version: ZoomDashVersion.current,
        subcommands: [
            BackfillCommand.self, StatusCommand.self, ExportCommand.self, ReanalyzeCommand.self, CheckConfigCommand.self, DoctorCommand.self, PasswdCommand.self, ConfigReferenceCommand.self,
        ]
    )
}
