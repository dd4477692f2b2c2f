import ArgumentParser
import Foundation
import ZoomSimKit

struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Serve a fake Mattermost (/hooks/ID) and Slack (/services/A/B/C) incoming-webhook receiver.",
        discussion: """
            Prints exactly one line to stdout once listening: 'zoomsim chat listening on http://HOST:PORT'. \
            Each accepted message's text goes to stderr; GET /fake/messages lists them as JSON.
            """)

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to bind (0 = any free port).")
    var port: Int = 0

    @Option(name: .customLong("fail-first"), help: "Answer the first N hook requests with 500.")
    var failFirst: Int = 0

    @Option(name: .customLong("fail-requests"), help: "Answer hook requests numbered N-M (1-based) with 500, like 2-4.")
    var failRequests: String?

    @Option(name: .customLong("rate-limit"), help: "Hook requests admitted per minute (beyond: 429 with Retry-After).")
    var rateLimitPerMinute: Int?

    func validate() throws {
        guard failFirst >= 0 else { throw ValidationError("--fail-first must not be negative") }
        if let rateLimitPerMinute, rateLimitPerMinute < 1 { throw ValidationError("--rate-limit must be at least 1") }
        if let failRequests, Self.range(failRequests) == nil { throw ValidationError("--fail-requests must be N-M with 1 <= N <= M, like 2-4") }
    }

    static func range(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low >= 1, low <= high else { return nil }
        return low...high
    }

    func run() async throws {
        let config = FakeChatConfig(failFirst: failFirst, failRequests: failRequests.flatMap(Self.range), rateLimitPerMinute: rateLimitPerMinute)
        let receiver = FakeChatReceiver(config: config)
        let host = host
        try await receiver.run(
            host: host, port: port, handleSignals: true,
            onMessage: { message in
                let text = message.text ?? "(no text: attachments or blocks only)"
                FileHandle.standardError.write(Data("zoomsim chat: \(message.flavour) \(message.path): \(text)\n".utf8))
            },
            onListening: { bound in
                // Unbuffered write: scripts read this line while the server keeps running.
                FileHandle.standardOutput.write(Data("zoomsim chat listening on http://\(host):\(bound)\n".utf8))
            })
    }
}
