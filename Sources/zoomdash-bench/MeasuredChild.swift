import Foundation

/// A child process run to completion with its own cost: wall time, and the peak resident memory and
/// CPU time the kernel accounts to it (`wait4`'s rusage). Spawned with `posix_spawn` rather than
/// `Process`, whose own reaping would take the exit status, and the rusage with it, from us.
struct MeasuredChild {
    var status: Int32
    var seconds: Double
    var peakRSSMiB: Double
    var cpuSeconds: Double
    var output: String

    /// Runs `executable` with standard output and error captured (a temporary file: a chatty child
    /// never blocks on a pipe nobody reads while we wait) and standard input empty.
    static func run(_ executable: String, _ arguments: [String]) throws -> MeasuredChild {
        let capture = NSTemporaryDirectory() + "zoomdash-bench-child-\(getpid())-\(UUID().uuidString).out"
        defer { unlink(capture) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 {
            guard errno == EINTR else { throw BenchError("waiting for \(executable): \(String(cString: strerror(errno)))") }
        }
        let elapsed = start.duration(to: .now)
        let exited = status & 0x7f == 0
        return MeasuredChild(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            peakRSSMiB: Double(usage.ru_maxrss) / 1024,  // kilobytes on Linux
            cpuSeconds: Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime),
            output: (try? String(contentsOfFile: capture, encoding: .utf8)) ?? "")
    }

    /// Runs it and throws, with the end of its output, unless it exits 0.
    static func succeeding(_ executable: String, _ arguments: [String]) throws -> MeasuredChild {
        let child = try run(executable, arguments)
        guard child.status == 0 else {
            throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited \(child.status): \(child.output.suffix(2000))")
        }
        return child
    }

    private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
}
