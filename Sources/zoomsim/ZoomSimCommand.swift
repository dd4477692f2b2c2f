import ArgumentParser

struct ZoomSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoomsim",
        abstract: "A deterministic Zoom API simulator for ZoomDash (REST, rate limits, webhooks, ground truth).",
        subcommands: [
            ServeCommand.self, TruthCommand.self, WebhooksCommand.self, SummaryCommand.self, ChatCommand.self, ZohoCommand.self,
            WebSocketCommand.self,
        ])

    /// Called from main.swift. Top-level code resolves `main()` to the synchronous overload,
    /// which refuses asynchronous subcommands; inside an async function the async one wins.
    static func runAsRoot() async {
        await main(nil)
    }
}
