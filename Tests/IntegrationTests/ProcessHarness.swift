import Foundation

/// Where the built executables are: `$ZOOMDASH_BIN`, else this package's `.build/debug`; an absolute
/// path (a system tool such as `/usr/bin/sqlite3`) is itself.
enum Binaries {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        let directory = ProcessInfo.processInfo.environment["ZOOMDASH_BIN"] ?? packageRoot.appendingPathComponent(".build/debug").path
        return directory + "/" + name
    }
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs an executable to completion, capturing its output. The waiting happens on a thread of its
/// own: the tests share the few threads Swift's concurrency runs on (two on these machines), and a
/// test blocking one for a whole backfill would starve every other test.
func runCommand(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try runCommandBlocking(executable, arguments, environment: environment) }) }.start()
    }
}

private func runCommandBlocking(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Binaries.path(executable))
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes before waiting, or a chatty child blocks on a full pipe.
    let errorData = DispatchQueue(label: "stderr-reader")
    nonisolated(unsafe) var stderrBytes = Data()
    let group = DispatchGroup()
    group.enter()
    errorData.async {
        stderrBytes = errors.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let stdoutBytes = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: stdoutBytes, as: UTF8.self),
        stderr: String(decoding: stderrBytes, as: UTF8.self))
}

/// A `zoomsim serve` child process on an ephemeral loopback port.
final class SimulatorProcess {
    let process = Process()
    let url: String

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: Binaries.path("zoomsim"))
        process.arguments = ["serve", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        let handle = output.fileHandleForReading
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { throw HarnessError("zoomsim exited before listening") }
            buffer += chunk
        }
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n")[0]
        guard let range = line.range(of: "http://") else { throw HarnessError("unexpected zoomsim output: \(line)") }
        url = String(line[range.lowerBound...]).trimmingCharacters(in: .whitespaces)
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// `GET /_sim/stats` as a JSON object.
    func stats() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(string: url + "/_sim/stats")!)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A temporary directory with a `zoomdash.toml` pointing at a simulator.
struct Workspace {
    let directory: URL
    var configPath: String { directory.appendingPathComponent("zoomdash.toml").path }
    var storePath: String { directory.appendingPathComponent("zoomdash.sqlite").path }

    init(simulator: SimulatorProcess, source: String = "auto", concurrency: Int = 4, extra: String = "") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("zoomdash-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            [store]
            path = "\(storePath)"
            [zoom]
            account_id = "sim-account"
            client_id = "sim-client"
            client_secret = "sim-secret"
            api_url = "\(simulator.url)/v2"
            oauth_url = "\(simulator.url)/oauth/token"
            plan = "business"
            source = "\(source)"
            concurrency = \(concurrency)
            [export]
            directory = "\(directory.path)/export"
            \(extra)
            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func ctl(_ arguments: [String]) async throws -> CommandResult {
        var arguments = arguments
        arguments.insert(contentsOf: ["--config", configPath], at: 1)
        return try await runCommand("zoomdashctl", arguments)
    }

    /// Exported JSON Lines as dictionaries.
    func export(_ table: String) async throws -> [[String: Any]] {
        let result = try await ctl(["export", table, "--format", "jsonl"])
        guard result.status == 0 else { throw HarnessError("export failed: \(result.stderr)") }
        return try result.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }
}

/// Runs `zoomdashctl` with `arguments`, waits until its log shows `pattern` (the work is under way),
/// and kills it with SIGKILL, as a power cut would. Returns the process once it is gone.
func killZoomdashctl(_ arguments: [String], whenLogShows pattern: Regex<AnyRegexOutput>) async throws -> Process {
    nonisolated(unsafe) let pattern = pattern  // read by the one thread below only
    return try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try killZoomdashctlBlocking(arguments, whenLogShows: pattern) }) }.start()
    }
}

private func killZoomdashctlBlocking(_ arguments: [String], whenLogShows pattern: Regex<AnyRegexOutput>) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Binaries.path("zoomdashctl"))
    process.arguments = arguments
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    var log = ""
    while !log.contains(pattern) {
        let chunk = errors.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        log += String(decoding: chunk, as: UTF8.self)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    return process
}
