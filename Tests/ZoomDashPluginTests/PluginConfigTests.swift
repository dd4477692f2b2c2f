import Foundation
import Testing
import ZoomDashConfiguration
import ZoomDashPlugins

/// The plugins' own keys are checked by the plugins, with the file, line and key in the error.
@Suite struct PluginConfigTests {
    let loader = ConfigLoader(environment: [:])

    func validationError(_ text: String) -> ConfigError? {
        do {
            try StandardPlugins.validate(try loader.parse(text, file: "z.toml"))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("[collectors.participants]\nintervl = \"5m\"\n", "collectors.participants.intervl", 2),
        ("[collectors.quality]\ntype = \"zoom.qoss\"\n", "collectors.quality.type", 2),
        ("[collectors.qos]\nmax_share_of_daily_cap = 2\n", "collectors.qos.max_share_of_daily_cap", 2),
        ("[collectors.qos]\n\nmax_share_of_daily_cap = 0\n", "collectors.qos.max_share_of_daily_cap", 3),
        ("[collectors.qos]\nlive = \"yes\"\n", "collectors.qos.live", 2),
        ("[sinks.csv]\ndirectory = \"relative\"\n", "sinks.csv.directory", 2),
        ("[sinks.csv]\ndirectroy = \"/x\"\n", "sinks.csv.directroy", 2),
        ("[sinks.teams]\n\ntype = \"teams\"\n", "sinks.teams.type", 3),
        ("[sinks.zoho]\ntype = \"zoho\"\n", "sinks.zoho.org_id", 1),
        ("[sinks.log]\ntype = \"event-log\"\n", "sinks.log.path", 1),
        ("[sources.ws]\ntype = \"zoom.websockets\"\n", "sources.ws.type", 2),
        ("[sources.ws]\ntype = \"zoom.websocket\"\n", "sources.ws.subscription_id", 1),
        ("[sources.ws]\ntype = \"zoom.websocket\"\nsubscription_id = \"abc\"\nurl = \"https://ws.zoom.us/ws\"\n", "sources.ws.url", 4),
        ("[sources.ws]\nenabled = true\n", "sources.ws", 1),
    ])
    func unknownTypesAndKeysAreErrorsNamingFileLineAndKey(text: String, key: String, line: Int) throws {
        let error = try #require(validationError(text), "expected an error for \(key)")
        #expect(error.file == "z.toml")
        #expect(error.key == key)
        #expect(error.line == line)
        #expect(error.description.hasPrefix("z.toml:\(line): \(key): "))
    }

    @Test func theShippedExampleConfigNamesOnlyPluginsThatAcceptTheirSections() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc/zoomdash/zoomdash.toml").path
        let config = try ConfigLoader(environment: [:]).load(commandLinePath: path)
        try StandardPlugins.validate(config)
        #expect(config.sinks["csv"]?.changeDelaySeconds == 30)
    }

    @Test func theShippedTypesValidate() {
        #expect(validationError("[collectors.qos]\nlive = true\nmax_share_of_daily_cap = 0.25\n") == nil)
        #expect(validationError("[collectors.participants]\n[sinks.csv]\n[sinks.events]\ntype = \"event-log\"\npath = \"/var/lib/zoomdash/events.jsonl\"\n") == nil)
        #expect(StandardPlugins.kind(ofSink: "csv") == .exporter)
        #expect(StandardPlugins.kind(ofSink: "event-log") == .notifier)
        #expect(validationError("[sinks.teams]\ntype = \"teams\"\n")?.message.contains("known types are csv, event-log, mattermost, slack, zoho") == true)
    }
}
