import Foundation

/// systemd, as `systemctl show` describes a unit.
public protocol ServiceManager: Sendable {
    /// The unit's properties (`LoadState`, `ActiveState`, …), or why they cannot be had (no systemctl,
    /// no systemd running).
    func show(unit: String, properties: [String]) async -> Result<[String: String], ServiceManagerUnavailable>
}

public struct ServiceManagerUnavailable: Error, Sendable, Hashable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// Runs `systemctl show UNIT -p A,B,…` from `PATH`.
public struct Systemctl: ServiceManager {
    let searchPath: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        searchPath = environment["PATH"] ?? "/usr/bin:/bin"
    }

    public func show(unit: String, properties: [String]) async -> Result<[String: String], ServiceManagerUnavailable> {
        guard let executable = searchPath.split(separator: ":").map({ "\($0)/systemctl" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return .failure(ServiceManagerUnavailable("no systemctl on this machine")) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["show", unit, "--no-pager", "-p", properties.joined(separator: ",")]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: -1)
            }
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // systemctl's first line is the reason ("System has not been booted with systemd …").
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard status == 0 else {
            return .failure(ServiceManagerUnavailable(problem.isEmpty ? "systemctl exited with \(status)" : problem))
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return .success(values)
    }
}
