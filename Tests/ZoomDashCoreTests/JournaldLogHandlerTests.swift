import Logging
import Synchronization
import Testing
import ZoomDashPlatform

@Suite struct JournaldLogHandlerTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    @Test func loggerCallsBecomeJournalEntriesAboveTheLevel() throws {
        let writer = RecordingJournalWriter()
        var logger = Logger(label: "zoomdash.scheduler") { label in
            JournaldLogHandler(label: label, syslogIdentifier: "zoomdashd", writer: writer)
        }
        logger.logLevel = .info
        logger.debug("not sent")
        let line = #line + 1
        logger.info("polled", metadata: ["collector": "meetings"])

        let entry = try #require(writer.entries.first)
        #expect(writer.entries.count == 1)
        #expect(entry["MESSAGE"] == "polled")
        #expect(entry["PRIORITY"] == "6")
        #expect(entry["SYSLOG_IDENTIFIER"] == "zoomdashd")
        #expect(entry["ZD_LOGGER"] == "zoomdash.scheduler")
        #expect(entry["ZD_COLLECTOR"] == "meetings")
        #expect(entry["CODE_FILE"]?.hasSuffix("JournaldLogHandlerTests.swift") == true)
        #expect(entry["CODE_LINE"] == String(line))
        #expect(entry["CODE_FUNC"] == "loggerCallsBecomeJournalEntriesAboveTheLevel()")
    }

    @Test func callSiteMetadataOverridesProviderOverridesHandler() throws {
        let writer = RecordingJournalWriter()
        let provider = Logger.MetadataProvider { ["shared": "provider", "trace": "p-1"] }
        var handler = JournaldLogHandler(label: "t", metadataProvider: provider, writer: writer)
        handler[metadataKey: "shared"] = "handler"
        handler[metadataKey: "site"] = "school"
        handler.log(event: event(metadata: ["shared": "call"]))
        handler.log(event: event(metadata: nil))

        #expect(writer.entries.count == 2)
        let first = writer.entries[0], second = writer.entries[1]
        #expect(first["ZD_SHARED"] == "call")
        #expect(second["ZD_SHARED"] == "provider")
        #expect(second["ZD_SITE"] == "school")
        #expect(second["ZD_TRACE"] == "p-1")
    }

    @Test func errorsBecomeFields() throws {
        let writer = RecordingJournalWriter()
        let handler = JournaldLogHandler(label: "t", writer: writer)
        var logged = event(metadata: nil)
        logged.error = Failure()
        handler.log(event: logged)
        let entry = try #require(writer.entries.first)
        #expect(entry["ZD_ERROR_MESSAGE"] == "disk full")
        #expect(entry["ZD_ERROR_TYPE"]?.hasSuffix("Failure") == true)
    }

    @Test func copiesChangeIndependently() {
        var original = JournaldLogHandler(label: "t", writer: RecordingJournalWriter())
        original[metadataKey: "a"] = "1"
        var copy = original
        copy.logLevel = .trace
        copy[metadataKey: "a"] = "2"
        #expect(original.logLevel == .info)
        #expect(original[metadataKey: "a"] == "1")
        #expect(copy[metadataKey: "a"] == "2")
    }

    private func event(metadata: Logger.Metadata?) -> LogEvent {
        LogEvent(level: .info, message: "m", metadata: metadata, source: nil, file: "f", function: "g", line: 1)
    }
}

/// Keeps every entry instead of sending it; `entries[i]["NAME"]` is the last value of that field.
final class RecordingJournalWriter: JournalWriter {
    private let written = Mutex<[[JournalField]]>([])

    var entries: [[String: String]] {
        written.withLock { $0.map { Dictionary($0.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }) } }
    }

    func write(_ fields: [JournalField]) {
        written.withLock { $0.append(fields) }
    }
}
