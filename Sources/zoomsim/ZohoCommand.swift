import ArgumentParser
import Foundation
import ZoomSimKit

struct ZohoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoho",
        abstract: "Serve a fake Zoho Analytics REST API v2 and its /oauth/v2/token endpoint on one port.",
        discussion: """
            Prints exactly one line to stdout once listening: 'zoomsim zoho listening on http://HOST:PORT'. \
            Use that URL as both the accounts URL and the API URL. GET /fake/dump shows the tables. \
            Credentials: client zoho-client / zoho-secret, refresh token zoho-refresh, org 60001234, \
            workspace ZoomDash (1767000000001).
            """)

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to bind (0 = any free port).")
    var port: Int = 0

    @Option(name: .customLong("daily-units"), help: "Daily API units (imports cost 10 or 15 per 1,000 rows).")
    var dailyUnits: Int = 10_000

    @Option(name: .customLong("token-lifetime"), help: "Access token lifetime in seconds.")
    var tokenLifetime: Int = 3600

    @Option(name: .customLong("per-minute"), help: "API calls allowed per minute (beyond: error 6045).")
    var perMinute: Int = 100

    @Option(name: .customLong("import-latency"), help: "Seconds each import takes to answer, its rows already in (to test a client killed mid-upload).")
    var importLatency: Double = 0

    func validate() throws {
        guard dailyUnits >= 0 else { throw ValidationError("--daily-units must not be negative") }
        guard tokenLifetime >= 1 else { throw ValidationError("--token-lifetime must be at least 1 second") }
        guard perMinute >= 1 else { throw ValidationError("--per-minute must be at least 1") }
        guard importLatency >= 0 else { throw ValidationError("--import-latency must not be negative") }
    }

    func run() async throws {
        let zoho = FakeZoho(config: FakeZohoConfig(
            tokenLifetimeSeconds: tokenLifetime, perMinuteLimit: perMinute, dailyUnits: dailyUnits, importLatency: importLatency))
        let host = host
        try await zoho.run(host: host, port: port, handleSignals: true) { bound in
            // Unbuffered write: scripts read this line while the server keeps running.
            FileHandle.standardOutput.write(Data("zoomsim zoho listening on http://\(host):\(bound)\n".utf8))
        }
    }
}
