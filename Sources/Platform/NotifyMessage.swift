/// The `sd_notify` state strings, built as pure functions so the format is tested without a socket.
///
/// A message is newline-separated `KEY=value` assignments, passed to C as a NUL-terminated string.
public enum NotifyMessage {
    public static func ready(status: String) -> String {
        "READY=1\nSTATUS=\(singleLine(status))"
    }

    public static func status(_ text: String) -> String {
        "STATUS=\(singleLine(text))"
    }

    public static let watchdog = "WATCHDOG=1"

    /// systemd matches a reload to its `READY=1` by this timestamp; it must be `CLOCK_MONOTONIC`.
    public static func reloading(monotonicMicroseconds: UInt64) -> String {
        "RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds)"
    }

    public static let stopping = "STOPPING=1"

    /// A newline would start a new assignment (a status text could forge `READY=1`), and a NUL would
    /// cut the C string short: both become spaces.
    public static func singleLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\0" ? " " : $0 })
    }
}
