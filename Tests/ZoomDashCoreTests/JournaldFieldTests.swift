import Logging
import Testing
import ZoomDashPlatform

@Suite struct JournaldFieldTests {
    @Test(arguments: [
        ("zoom.tracking_id", "ZD_ZOOM_TRACKING_ID"),
        ("request-id", "ZD_REQUEST_ID"),
        ("MESSAGE", "ZD_MESSAGE"),
        ("_SYSTEMD_UNIT", "ZD__SYSTEMD_UNIT"),
        ("9lives", "ZD_9LIVES"),
        ("Grüße", "ZD_GR__E"),
        ("a b=c", "ZD_A_B_C"),
        ("", "ZD_"),
    ])
    func metadataKeysBecomePrefixedUppercaseFieldNames(key: String, expected: String) {
        #expect(JournalField.name(forMetadataKey: key) == expected)
    }

    @Test func fieldNamesStopAt64Bytes() {
        let name = JournalField.name(forMetadataKey: String(repeating: "é.x", count: 40))
        #expect(name.utf8.count == 64)
        #expect(name.hasPrefix("ZD___X__X"))
        #expect(name.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
    }

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func levelsMapToSyslogPriorities(level: Logger.Level, priority: Int) {
        #expect(JournalEntry.priority(for: level) == priority)
    }

    @Test func entryHasStandardFieldsThenSortedMetadata() {
        let event = LogEvent(
            level: .warning, message: "token refresh failed\nretrying", metadata: nil, source: nil,
            file: "ZoomDashCore/ZoomTokenProvider.swift", function: "refresh()", line: 42
        )
        let fields = JournalEntry.fields(
            for: event,
            metadata: ["zoom.tracking_id": "t-1", "attempt": .stringConvertible(2)],
            syslogIdentifier: "zoomdashd",
            label: "zoomdash.zoom"
        )
        #expect(
            fields == [
                JournalField("MESSAGE", "token refresh failed\nretrying"),
                JournalField("PRIORITY", "4"),
                JournalField("SYSLOG_IDENTIFIER", "zoomdashd"),
                JournalField("CODE_FILE", "ZoomDashCore/ZoomTokenProvider.swift"),
                JournalField("CODE_LINE", "42"),
                JournalField("CODE_FUNC", "refresh()"),
                JournalField("ZD_LOGGER", "zoomdash.zoom"),
                JournalField("ZD_ATTEMPT", "2"),
                JournalField("ZD_ZOOM_TRACKING_ID", "t-1"),
            ]
        )
    }
}
