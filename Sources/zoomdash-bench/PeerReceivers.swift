import Foundation

/// A webhook receiver the bench drives: listening on `port` with a fresh store; `cpuSeconds()` is
/// the CPU of every process it runs; `finish()` stops it and reads what it stored.
protocol WebhookReceiver: AnyObject {
    var name: String { get }
    var port: UInt16 { get }
    func cpuSeconds() -> Double
    func finish() throws -> StoreFigures
    /// Whether work the receiver defers past its answers (zoomdashd's live analysis) is still owed.
    func owesDeferredWork() -> Bool
    /// The deferred work the receiver has done so far (zoomdashd's analysis passes), if it tells.
    func deferredWork() -> DeferredWork?
}

/// Totals of zoomdashd's live analysis since it started: its passes' seconds, and the meetings
/// they analysed (a class counts once per pass that met it).
struct DeferredWork {
    var seconds: Double
    var meetings: Double

    static func - (after: DeferredWork, before: DeferredWork) -> DeferredWork {
        DeferredWork(seconds: after.seconds - before.seconds, meetings: after.meetings - before.meetings)
    }
}

extension WebhookReceiver {
    func owesDeferredWork() -> Bool { false }
    func deferredWork() -> DeferredWork? { nil }
}

/// The peers' files (bench/peers in the repository) and their one-time setup: `peers.sh install`
/// installs nginx, php-fpm and a virtualenv with uvicorn only when the bench runs, never for the tests.
enum Peers {
    static var directory: String {
        ProcessInfo.processInfo.environment["ZOOMDASH_PEERS_DIR"]
            ?? FileManager.default.currentDirectoryPath + "/bench/peers"
    }

    /// The virtualenv's path, after installing what is missing.
    static func install() throws -> String {
        let script = directory + "/peers.sh"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw BenchError("\(script) not found: run the webhook bench from the repository (make bench) or set ZOOMDASH_PEERS_DIR")
        }
        return try shell(script, ["install"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    static func shell(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zoomdash-bench-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func launch(_ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return process
    }
}

/// nginx + php-fpm 8.2 with bench/peers/php/receiver.php: the predecessor's design.
final class PHPReceiver: WebhookReceiver {
    let name = "php"
    let port: UInt16
    private let directory: URL
    private let nginx: Process
    private let fpm: Process

    init(secret: String) throws {
        directory = try Peers.temporaryDirectory("php")
        port = try ProcessTree.freePort()
        let path = directory.path
        try Peers.shell(Peers.directory + "/peers.sh", ["render-php", path, "\(port)", secret])
        try Peers.shell(Peers.directory + "/peers.sh", ["store", path + "/peer.sqlite"])
        // php-fpm refuses to run its pool as root unless told to (-R); the bench may run as root.
        fpm = try Peers.launch("/usr/sbin/php-fpm8.2", (getuid() == 0 ? ["-R"] : []) + ["-F", "-y", path + "/php-fpm.conf"], in: directory)
        nginx = try Peers.launch("/usr/sbin/nginx", ["-p", path, "-c", path + "/nginx.conf"], in: directory)
        while !FileManager.default.fileExists(atPath: path + "/php-fpm.sock") { usleep(20_000) }
        try ProcessTree.waitForListener(port: port, name: "nginx")
    }

    func cpuSeconds() -> Double { ProcessTree.cpuSeconds(roots: [nginx.processIdentifier, fpm.processIdentifier]) }

    func finish() throws -> StoreFigures {
        for process in [nginx, fpm] {
            process.terminate()
            process.waitUntilExit()
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        return try StoreFigures.read(path: directory.path + "/peer.sqlite")
    }
}

/// One uvicorn process on uvloop with bench/peers/python/receiver.py.
final class PythonReceiver: WebhookReceiver {
    let name = "python"
    let port: UInt16
    private let directory: URL
    private let server: Process

    init(secret: String, virtualenv: String) throws {
        directory = try Peers.temporaryDirectory("python")
        port = try ProcessTree.freePort()
        let store = directory.path + "/peer.sqlite"
        try Peers.shell(Peers.directory + "/peers.sh", ["store", store])
        server = try Peers.launch(
            virtualenv + "/bin/uvicorn",
            ["receiver:app", "--app-dir", Peers.directory + "/python", "--host", "127.0.0.1", "--port", "\(port)",
             "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"],
            environment: ["WEBHOOK_STORE": store, "WEBHOOK_SECRET": secret], in: directory)
        try ProcessTree.waitForListener(port: port, name: "uvicorn")
    }

    func cpuSeconds() -> Double { ProcessTree.cpuSeconds(roots: [server.processIdentifier]) }

    func finish() throws -> StoreFigures {
        server.terminate()
        server.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try StoreFigures.read(path: directory.path + "/peer.sqlite")
    }
}
