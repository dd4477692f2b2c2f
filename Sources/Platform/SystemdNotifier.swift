import CZDSystemd
import Logging

/// Notifies systemd through libsystemd's `sd_notify`, which reads `NOTIFY_SOCKET` on every call.
///
/// Without `NOTIFY_SOCKET` (not started by systemd) `sd_notify` returns 0 and nothing is sent. The
/// environment is never unset (`unset_environment = 0`), so later pings still find the socket;
/// `sd_notify` opens a fresh socket per call, so calls from several threads are safe.
public struct SystemdNotifier: ServiceManagerNotifier {
    public let watchdogInterval: Duration?
    private let logger: Logger?

    /// Reads `WATCHDOG_USEC`/`WATCHDOG_PID` once, here; systemd sets them before `exec`.
    /// - Parameter logger: where failed notifications are reported (as warnings); nil to ignore them.
    public init(logger: Logger? = nil) {
        self.logger = logger
        var microseconds: UInt64 = 0
        // > 0: enabled for this process; 0: disabled or meant for another PID; < 0: unparsable value.
        let enabled = sd_watchdog_enabled(0, &microseconds)
        if enabled > 0, microseconds > 0 {
            watchdogInterval = .microseconds(Int64(clamping: microseconds / 2))
        } else {
            watchdogInterval = nil
            if enabled < 0 {
                logger?.warning("ignoring invalid WATCHDOG_USEC", metadata: ["systemd.errno": "\(-enabled)"])
            }
        }
    }

    public func ready(status: String) { send(NotifyMessage.ready(status: status)) }
    public func status(_ text: String) { send(NotifyMessage.status(text)) }
    public func watchdog() { send(NotifyMessage.watchdog) }
    public func reloading() { send(NotifyMessage.reloading(monotonicMicroseconds: MonotonicClock.microseconds())) }
    public func stopping() { send(NotifyMessage.stopping) }

    private func send(_ message: String) {
        let result = sd_notify(0, message)
        if result < 0 {
            logger?.warning(
                "sd_notify failed",
                metadata: ["systemd.message": "\(message)", "systemd.errno": "\(-result)"]
            )
        }
    }
}
