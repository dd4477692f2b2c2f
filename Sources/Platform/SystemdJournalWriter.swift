import CZDSystemd
import Foundation

/// Sends entries to journald with `sd_journal_sendv` (the non-variadic call; `sd_journal_send` does
/// not import into Swift).
///
/// `sd_journal_sendv` returns 0 even when journald has never run, so success is not proof of
/// delivery; only a negative result (such as `ECONNREFUSED` on a stale socket) is acted on: the
/// message then goes to stderr with a `<priority>` prefix, which journald's stream reader understands.
public struct SystemdJournalWriter: JournalWriter {
    public init() {}

    public func write(_ fields: [JournalField]) {
        if Self.send(fields) < 0 { Self.writeToStandardError(fields) }
    }

    /// Copies each `NAME=value` into its own buffer, which lives until `sd_journal_sendv` returns.
    /// Values may hold newlines or NULs: the `iovec` carries their length.
    static func send(_ fields: [JournalField]) -> Int32 {
        let buffers = fields.map { field -> UnsafeMutableRawBufferPointer in
            let bytes = "\(field.name)=\(field.value)".utf8
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
            buffer.copyBytes(from: bytes)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        let vectors = buffers.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
        return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
    }

    private static func writeToStandardError(_ fields: [JournalField]) {
        let priority = fields.first { $0.name == "PRIORITY" }?.value ?? "6"
        let message = fields.first { $0.name == "MESSAGE" }?.value ?? ""
        // journald reads each stderr line separately, so every line of a multi-line message gets the prefix.
        let prefixed = message.split(separator: "\n", omittingEmptySubsequences: false).map { "<\(priority)>\($0)\n" }
        let text = Array(prefixed.joined().utf8)
        // One write(2) per entry keeps concurrent entries whole; no stdio buffer or lock is involved.
        text.withUnsafeBytes { _ = Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
