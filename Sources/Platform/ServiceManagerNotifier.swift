/// Tells the service manager (systemd, `Type=notify`) how the daemon is doing.
///
/// Contract:
/// - Every method is fire-and-forget: it returns quickly, never throws and never blocks on the service
///   manager. A failed notification must not stop the daemon; implementations may log it.
/// - When the process is not supervised (no `NOTIFY_SOCKET`), every method does nothing.
/// - Methods are safe to call from any task or thread, in any order; the caller decides the order
///   systemd expects: `ready` once start-up is complete, `reloading` then `ready` around a reload,
///   `stopping` when graceful shutdown begins.
/// - `watchdogInterval` is how often to call `watchdog()` (half of `WATCHDOG_USEC`), or nil when no
///   watchdog supervises this process. Ping from the work loop, not an independent timer, so a stuck
///   loop really trips the watchdog.
public protocol ServiceManagerNotifier: Sendable {
    /// `READY=1` plus `STATUS=`: start-up (or a reload) is complete.
    func ready(status: String)

    /// `STATUS=`: one line of free text shown by `systemctl status`.
    func status(_ text: String)

    /// `WATCHDOG=1`: the daemon is alive.
    func watchdog()

    /// `RELOADING=1` with `MONOTONIC_USEC=` (`CLOCK_MONOTONIC`): a reload started; send `ready` after it.
    func reloading()

    /// `STOPPING=1`: graceful shutdown started.
    func stopping()

    /// Half of `WATCHDOG_USEC` when the watchdog is enabled for this process, else nil.
    var watchdogInterval: Duration? { get }
}
