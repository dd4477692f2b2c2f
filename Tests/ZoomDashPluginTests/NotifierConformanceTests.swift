import Foundation
import Testing
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashPipeline
import ZoomDashSinks
import ZoomSimKit

/// The contract of ``Notifier`` (see `Notifier.swift`), checked for every registered notifier type.
@Suite struct NotifierConformanceTests {
    static func events(_ ids: ClosedRange<Int64>) -> [IncidentEvent] {
        ids.map { id in
            IncidentEvent(
                id: id, kind: id == 1 ? .opened : .updated, time: 1_000 + id, incidentID: 7,
                incident: Incident(scope: .meeting, meetingUUID: "/ab==", start: 900, end: 930 + id, dropped: 5 + Int(id), present: 20, meetings: 1),
                previous: id == 1 ? nil : Incident(scope: .meeting, meetingUUID: "/ab==", start: 900, end: 929 + id, dropped: 4 + Int(id), present: 20, meetings: 1))
        }
    }

    /// A notifier of `type` writing wherever the test can read it back.
    static func notifier(_ type: String, directory: String) throws -> (any Notifier, read: () throws -> String) {
        let path = directory + "/events.jsonl"
        let section = ConfigSection(file: "test.toml", path: "sinks.test", values: ["path": .string(path)])
        let notifier = try SinkCatalog.notifiers.make(
            name: "test", type: type, section: section, dependencies: NotifierDependencies(http: CurlHTTPClient(), logger: PluginHarness.logger))
        return (notifier, { try String(contentsOfFile: path, encoding: .utf8) })
    }

    /// Runs `body` with a notifier of `type` and what it delivered so far (file lines, chat posts).
    static func withNotifier(_ type: String, _ body: (any Notifier, _ delivered: () throws -> [String]) async throws -> Void) async throws {
        guard type == MattermostNotifier.type || type == SlackNotifier.type else {
            let (notifier, read) = try Self.notifier(type, directory: PluginHarness.temporaryPath("notify"))
            try await body(notifier, { try read().split(separator: "\n").map(String.init) })
            return
        }
        let chat = FakeChatReceiver()
        try await chat.withRunningServer { baseURL in
            let hook = type == MattermostNotifier.type ? "/hooks/abcdefghijklmnopqrstuvwxyz" : "/services/T0/B0/XYZ"
            let section = ConfigSection(file: "test.toml", path: "sinks.test", values: ["webhook_url": .string(baseURL + hook)])
            let notifier = try SinkCatalog.notifiers.make(
                name: "test", type: type, section: section, dependencies: NotifierDependencies(http: CurlHTTPClient(), logger: PluginHarness.logger))
            try await body(notifier, { chat.messages.map(\.json) })
        }
    }

    @Test(arguments: SinkCatalog.notifiers.types)
    func aBatchRepeatedAfterACrashIsNotDeliveredTwice(type: String) async throws {
        try await Self.withNotifier(type) { notifier, delivered in
            try await notifier.deliver(Self.events(1...2))
            let once = try delivered()
            #expect(!once.isEmpty)
            try await notifier.deliver(Self.events(1...2))  // the cursor was not saved: the same batch again
            #expect(try delivered() == once)
            try await notifier.deliver(Self.events(2...3))
            let all = try delivered()
            #expect(Array(all.prefix(once.count)) == once)
            #expect(Set(all).count == all.count)
            // The event log writes every event; a chat posts what is news (event 3 grew by one: not).
            if type == EventLogNotifier.type { #expect(all.count == 3) }
        }
    }

    @Test(arguments: SinkCatalog.notifiers.types)
    func itsSectionIsValidatedWithFileLineAndKey(type: String) {
        let section = ConfigSection(file: "z.toml", path: "sinks.x", values: ["colour": .string("blue")], lines: ["colour": 9])
        do {
            try SinkCatalog.notifiers.validate(type: type, section: section)
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.description.hasPrefix("z.toml:9: sinks.x.colour: unknown key"))
        }
    }

    @Test func theEventLogHasOneJSONLinePerEventWithItsIds() async throws {
        let (notifier, read) = try Self.notifier(EventLogNotifier.type, directory: PluginHarness.temporaryPath("notify"))
        try await notifier.deliver(Self.events(1...2))
        let lines = try read().split(separator: "\n")
        #expect(lines.first == #"{"event_id":1,"kind":"incident.opened","time":"1970-01-01T00:16:41Z","incident_id":7,"scope":"meeting","meeting_uuid":"/ab==","start":"1970-01-01T00:15:00Z","end":"1970-01-01T00:15:31Z","dropped":6,"present":20,"meetings":1,"previous_start":null,"previous_end":null,"previous_dropped":null,"previous_present":null,"previous_meetings":null,"cause":"unknown","dropped_poor":0,"dropped_with_data":0,"data_centres":"","alerts":""}"#)
        #expect(lines.last?.contains(#""kind":"incident.updated""#) == true)
        #expect(lines.last?.contains(#""previous_dropped":6"#) == true)
    }

    @Test func aTornLastLineIsWrittenAgainWhole() async throws {
        let directory = PluginHarness.temporaryPath("notify")
        let (notifier, read) = try Self.notifier(EventLogNotifier.type, directory: directory)
        try await notifier.deliver(Self.events(1...1))
        let complete = try read()
        // A second write cut short (full disk, crash): half a line, no newline.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/events.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"event_id":2,"kind":"incid"#.utf8))
        try handle.close()
        try await notifier.deliver(Self.events(2...2))
        let lines = try read().split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first.map(String.init) == complete.trimmingCharacters(in: .newlines))
        #expect(lines.last?.hasSuffix("}") == true && lines.last?.hasPrefix(#"{"event_id":2,"#) == true)
    }

    @Test func theEventLogNeedsAnAbsolutePath() {
        #expect(throws: ConfigError.self) { try EventLogNotifier.settings(from: ConfigSection(file: "z.toml", path: "sinks.log")) }
        #expect(throws: ConfigError.self) {
            try EventLogNotifier.settings(from: ConfigSection(file: "z.toml", path: "sinks.log", values: ["path": .string("events.jsonl")]))
        }
    }
}
