import Foundation
import Logging

/// Where the process's logs go: the journal (structured fields) or plain lines on stderr.
///
/// systemd sets `$JOURNAL_STREAM` to the identity of the stream it connected to stderr. Only when
/// stderr is still that stream (not redirected by a shell or a test harness) is the journal the
/// right place; otherwise a person or a file is reading stderr.
public enum LogOutput: Sendable, Hashable {
    case journald
    case standardError

    /// The decision, pure: journald exactly when `journalStream` names `standardError`'s identity.
    public static func choose(journalStream: String?, standardError: FileIdentity?) -> LogOutput {
        guard let journalStream, let standardError, let expected = FileIdentity(journalStream: journalStream) else {
            return .standardError
        }
        return expected == standardError ? .journald : .standardError
    }

    /// `choose` applied to `environment["JOURNAL_STREAM"]` and `fstat` of file descriptor 2.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> LogOutput {
        choose(journalStream: environment["JOURNAL_STREAM"], standardError: FileIdentity(fileDescriptor: STDERR_FILENO))
    }

    /// A handler for this output with `logLevel` set to `level`.
    public func makeHandler(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) -> any LogHandler {
        switch self {
        case .journald:
            var handler = JournaldLogHandler(label: label, metadataProvider: metadataProvider)
            handler.logLevel = level
            return handler
        case .standardError:
            var handler = StandardErrorLogHandler(label: label, metadataProvider: metadataProvider)
            handler.logLevel = level
            return handler
        }
    }

    /// `detect(environment:)` then `makeHandler`. For `LoggingSystem.bootstrap`, which calls its
    /// factory once per label, detect once and capture the result instead.
    public static func makeHandler(
        label: String,
        level: Logger.Level,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> any LogHandler {
        detect(environment: environment).makeHandler(label: label, level: level, metadataProvider: metadataProvider)
    }
}
