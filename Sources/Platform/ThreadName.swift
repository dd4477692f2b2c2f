import CZDSystemd

/// Names the calling thread for the OS, so `top -H`, `ps -L` and `perf` tell the store's thread from
/// the Swift pool's (Foundation's `Thread.name` does not reach the kernel on Linux).
public enum ThreadName {
    public static func setCurrent(_ name: String) {
        // The kernel keeps 15 bytes.
        _ = zd_set_thread_name(String(decoding: name.utf8.prefix(15), as: UTF8.self))
    }
}
