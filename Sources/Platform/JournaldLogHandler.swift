import Foundation
import Logging

/// A swift-log handler that writes structured entries to the systemd journal.
///
/// Each entry carries `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE/LINE/FUNC`, `ZD_LOGGER`
/// and every metadata value as a `ZD_…` field (`JournalEntry`, `JournalField`), so
/// `journalctl -u zoomdashd ZD_COLLECTOR=meetings` filters by metadata. Value semantics as swift-log
/// requires: a copy's level and metadata change independently; the writer is a shared, stateless sink.
public struct JournaldLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public let label: String
    public let syslogIdentifier: String
    private let writer: any JournalWriter

    /// - Parameters:
    ///   - label: the logger's label, sent as `ZD_LOGGER`.
    ///   - syslogIdentifier: `SYSLOG_IDENTIFIER` (what `journalctl -t` matches); defaults to the
    ///     program name (`zoomdashd`).
    ///   - writer: where entries go; tests pass a recording writer.
    public init(
        label: String,
        syslogIdentifier: String = ProcessInfo.processInfo.processName,
        metadataProvider: Logger.MetadataProvider? = nil,
        writer: any JournalWriter = SystemdJournalWriter()
    ) {
        self.label = label
        self.syslogIdentifier = syslogIdentifier
        self.metadataProvider = metadataProvider
        self.writer = writer
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let fields = JournalEntry.fields(
            for: event,
            metadata: effectiveMetadata(for: event),
            syslogIdentifier: syslogIdentifier,
            label: label
        )
        writer.write(fields)
    }

    private func effectiveMetadata(for event: LogEvent) -> Logger.Metadata {
        LogMetadata.effective(handler: metadata, provider: metadataProvider, event: event)
    }
}

/// The metadata a log line carries, the same for both our handlers.
enum LogMetadata {
    /// Handler metadata, overridden by the provider's, overridden by the call site's; an error adds
    /// `error.message` and `error.type` (the keys swift-log's `StreamLogHandler` uses).
    static func effective(handler: Logger.Metadata, provider: Logger.MetadataProvider?, event: LogEvent) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, explicit in explicit }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }
}
