import Logging

/// Builds the fields of one journal entry from a log event: pure, so the mapping is tested without
/// journald.
public enum JournalEntry {
    /// syslog priorities: trace and debug 7, info 6, notice 5, warning 4, error 3, critical 2.
    public static func priority(for level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`/`LINE`/`FUNC`, `ZD_LOGGER` (the logger's
    /// label), then one `ZD_…` field per metadata entry, sorted by key so entries are reproducible.
    ///
    /// - Parameter metadata: the effective metadata (handler, provider, call site and error merged);
    ///   `event.metadata` is not read again.
    public static func fields(
        for event: LogEvent,
        metadata: Logger.Metadata,
        syslogIdentifier: String,
        label: String
    ) -> [JournalField] {
        var fields = [
            JournalField("MESSAGE", event.message.description),
            JournalField("PRIORITY", String(priority(for: event.level))),
            JournalField("SYSLOG_IDENTIFIER", syslogIdentifier),
            JournalField("CODE_FILE", event.file),
            JournalField("CODE_LINE", String(event.line)),
            JournalField("CODE_FUNC", event.function),
            JournalField(JournalField.metadataPrefix + "LOGGER", label),
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            fields.append(JournalField(JournalField.name(forMetadataKey: key), value.description))
        }
        return fields
    }
}
