import ArgumentParser
import Foundation
import ZoomSimKit

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "POST the scenario's events as signed Zoom webhooks to a receiver.",
        discussion: """
            Events: meeting.started, meeting.participant_joined, meeting.participant_left, \
            meeting.alert, meeting.ended, ordered by event time. Each request carries \
            x-zm-request-timestamp (now, seconds) and x-zm-signature. Prints a JSON report of \
            HTTP status counts to stdout when done.
            """)

    @OptionGroup var scenario: ScenarioFlags

    @Option(help: "Receiver URL, e.g. http://127.0.0.1:8080/zoom/webhook")
    var to: String

    @Option(help: "Replay the timeline N times faster than real time (one request at a time).")
    var speed: Double?

    @Flag(help: "Send as fast as possible (default).")
    var burst = false

    @Option(help: "Requests in flight with --burst.")
    var concurrency: Int = 4

    @Option(name: .customLong("webhook-secret"), help: "Secret token used to sign.")
    var webhookSecret = "sim-webhook-secret"

    @Option(name: .customLong("account-id"))
    var accountID = "sim-account"

    @Option(name: .customLong("max-events"), help: "Send only the first N events.")
    var maxEvents: Int?

    @Option(help: "Only events at or after this time (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss, UTC).")
    var since: String?

    func validate() throws {
        guard let url = URL(string: to), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError("--to must be an http(s) URL")
        }
        if speed != nil, burst { throw ValidationError("use either --speed or --burst") }
        if let speed, speed <= 0 { throw ValidationError("--speed must be positive") }
        if let since, UTCTime.parseDay(since) == nil, UTCTime.parseDayTime(since) == nil {
            throw ValidationError("--since must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss")
        }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        var events = Scenario.generate(scenario.options).webhookEvents(accountID: accountID)
        if let since, let second = UTCTime.parseDayTime(since) ?? UTCTime.parseDay(since) {
            events = events.filter { $0.eventTimestampMilliseconds >= Int64(second) * 1000 }
        }
        if let maxEvents { events = Array(events.prefix(maxEvents)) }
        let sender = WebhookSender(url: URL(string: to)!, secret: webhookSecret)
        let report = await sender.send(events, pacing: speed.map { .speed(factor: $0) } ?? .burst(concurrency: concurrency))
        let statuses = JSONValue.object(report.statuses.keys.sorted().map { (String($0), .int(Int64(report.statuses[$0]!))) })
        let json = JSONValue.object([
            ("sent", .int(Int64(report.sent))),
            ("statuses", statuses),
            ("transport_errors", .int(Int64(report.transportErrors))),
        ])
        print(json.serialized())
        if report.transportErrors > 0 || report.statuses.keys.contains(where: { !(200...299).contains($0) }) {
            throw ExitCode(1)
        }
    }
}
