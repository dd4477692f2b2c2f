import Foundation
import Logging
import Synchronization
import ZoomDashCore
import ZoomDashHTTPClient
@testable import ZoomDashPlugins

/// An HTTP client that answers from a handler and records what it was asked (doctor unit tests).
final class DoctorFakeHTTP: HTTPClient {
    typealias Handler = @Sendable (HTTPClientRequest) throws -> HTTPClientResponse
    private let handler: Handler
    private let log = Mutex<[HTTPClientRequest]>([])

    init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    var requests: [HTTPClientRequest] { log.withLock { $0 } }

    func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        log.withLock { $0.append(request) }
        return try handler(request)
    }

    static func json(_ status: Int, _ body: String, _ headers: [String: String] = [:]) -> HTTPClientResponse {
        HTTPClientResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static let refused = HTTPClientError.transport(url: "http://127.0.0.1:1", code: 7, message: "Couldn't connect to server")
}

/// A file system of listed paths; anything else does not exist.
struct FakeFiles: DoctorFileSystem {
    var entries: [String: FileStatus] = [:]
    var readOnly: Set<String> = []
    var unreadable: Set<String> = []
    var free: Int64? = 50 << 30

    init(_ entries: [String: FileStatus] = [:]) {
        self.entries = entries
    }

    func status(_ path: String) -> FileStatus? { entries[path] }
    func isWritable(_ path: String) -> Bool { entries[path] != nil && !readOnly.contains(path) }
    func isReadable(_ path: String) -> Bool { entries[path] != nil && !unreadable.contains(path) }
    func freeBytes(_ path: String) -> Int64? { free }

    /// `path` and every directory above it, the directories with `directoryMode`.
    mutating func add(_ path: String, _ permissions: UInt16, directoryMode: UInt16 = 0o755, size: Int64 = 100) {
        entries[path] = FileStatus(permissions: permissions, size: size)
        var directory = (path as NSString).deletingLastPathComponent
        while !directory.isEmpty {
            if entries[directory] == nil { entries[directory] = FileStatus(permissions: directoryMode, isDirectory: true) }
            if directory == "/" { break }
            directory = (directory as NSString).deletingLastPathComponent
        }
    }
}

/// The real file system, with less free space than there is.
struct ShrunkFiles: DoctorFileSystem {
    let free: Int64
    let local = LocalFileSystem()
    func status(_ path: String) -> FileStatus? { local.status(path) }
    func isWritable(_ path: String) -> Bool { local.isWritable(path) }
    func isReadable(_ path: String) -> Bool { local.isReadable(path) }
    func freeBytes(_ path: String) -> Int64? { free }
}

struct FakeServices: ServiceManager {
    var answer: Result<[String: String], ServiceManagerUnavailable>
    func show(unit: String, properties: [String]) async -> Result<[String: String], ServiceManagerUnavailable> { answer }
}

enum DoctorTesting {
    static let logger = Logger(label: "doctor-tests")
    static let noSystemd = FakeServices(answer: .failure(ServiceManagerUnavailable("not in tests")))

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zd-doctor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String, mode: Int16) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    static func environment(
        http: any HTTPClient = CurlHTTPClient(), variables: [String: String] = [:], files: any DoctorFileSystem = LocalFileSystem(),
        services: any ServiceManager = noSystemd, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }, sendTestMessage: Bool = false
    ) -> DoctorEnvironment {
        DoctorEnvironment(variables: variables, http: http, now: now, files: files, services: services, logger: logger, sendTestMessage: sendTestMessage)
    }

    /// The check with this id, or a failing placeholder.
    static func check(_ report: DoctorReport, _ id: String) -> DoctorCheck {
        report.checks.first { $0.id == id } ?? DoctorCheck(id: id, title: "absent", status: .problem, detail: "no check \(id) in the report")
    }

    static func list(_ fact: DoctorFact?) -> [String] {
        if case .list(let items)? = fact { return items }
        return []
    }
}
