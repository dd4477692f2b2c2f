import Foundation

/// `CLOCK_MONOTONIC` in microseconds, the clock systemd's `MONOTONIC_USEC=` refers to.
///
/// Swift's `ContinuousClock` is `CLOCK_BOOTTIME` on Linux (it counts suspended time), so it would not
/// match systemd's timestamps after a suspend; read the C clock directly.
public enum MonotonicClock {
    public static func microseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
