import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Crypto
import ZoomSimKit

enum Binaries {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ name: String) -> String {
        (ProcessInfo.processInfo.environment["ZOOMDASH_BIN"] ?? packageRoot.appendingPathComponent(".build/debug").path) + "/" + name
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A `zoomdashd` child process with its own notify socket, temporary store and config.
/// Test-only; `post`/`get` read state that is fixed once `start()` returned.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let notify: NotifySocket
    let directory: URL
    var messages: AsyncStream<String>.Iterator
    private(set) var baseURL = ""
    /// The dashboard listener, when the config enables it.
    private(set) var dashboardURL = ""
    static let secret = "test-webhook-secret"

    var configPath: String { directory.appendingPathComponent("zoomdash.toml").path }
    var storePath: String { directory.appendingPathComponent("zoomdash.sqlite").path }

    /// - Parameter reusing: the directory (store, config) of an earlier daemon, to restart on its store.
    /// - Parameter http: more keys of `[http]`, one per line.
    /// - Parameter launcher: a command that runs zoomdashd (`prlimit --nofile=…`, say).
    init(extraConfig: String = "", http: String = "", reusing: URL? = nil, launcher: [String] = []) throws {
        directory = reusing ?? FileManager.default.temporaryDirectory.appendingPathComponent("zd-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configFile = directory.appendingPathComponent("zoomdash.toml").path
        try Self.config(directory: directory, extra: extraConfig, http: http).write(toFile: configFile, atomically: true, encoding: .utf8)
        notify = try NotifySocket()
        messages = notify.messages.makeAsyncIterator()
        if let command = launcher.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(launcher.dropFirst()) + [Binaries.path("zoomdashd"), "--config", configFile]
        } else {
            process.executableURL = URL(fileURLWithPath: Binaries.path("zoomdashd"))
            process.arguments = ["--config", configFile]
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["WATCHDOG_USEC"] = "2000000"
        environment.removeValue(forKey: "WATCHDOG_PID")
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardInput = FileHandle.nullDevice
    }

    static func config(directory: URL, extra: String, http: String = "") -> String {
        """
        [store]
        path = "\(directory.path)/zoomdash.sqlite"
        [http]
        listen = "127.0.0.1:0"
        \(http)
        [webhook]
        secret_token = "\(secret)"
        [export]
        directory = "\(directory.path)/export"
        [collectors.participants]
        enabled = false
        [collectors.qos]
        enabled = false
        [presence]
        meeting_ids = [81234567890]
        watch = ["Ann Lee"]
        \(extra.contains("[dashboard]") ? "" : "[dashboard]\nlisten = \"127.0.0.1:0\"")
        \(extra)
        """
    }

    /// Starts the daemon and waits for READY=1; the bound port comes from its STATUS line.
    func start() async throws -> String {
        try process.run()
        guard let ready = await messages.next(containing: "READY=1") else { throw HarnessError("no READY=1") }
        guard let range = ready.range(of: #"listening on [0-9.]+:[0-9]+"#, options: .regularExpression) else {
            throw HarnessError("no address in \(ready)")
        }
        baseURL = "http://" + ready[range].dropFirst("listening on ".count)
        if let dashboard = ready.range(of: #"dashboard on [0-9.]+:[0-9]+"#, options: .regularExpression) {
            dashboardURL = "http://" + ready[dashboard].dropFirst("dashboard on ".count)
        }
        return ready
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// POSTs a webhook body, signed with the daemon's secret unless told otherwise.
    func post(_ body: String, signature: String? = nil, timestamp: Date = Date()) async throws -> (Int, String) {
        try await post(bytes: Array(body.utf8), signature: signature, timestamp: String(Int(timestamp.timeIntervalSince1970)))
    }

    /// POSTs raw body bytes with a raw timestamp header, signed over exactly those bytes.
    func post(bytes body: [UInt8], signature: String? = nil, timestamp seconds: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: baseURL + "/zoom/webhook")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(seconds, forHTTPHeaderField: "x-zm-request-timestamp")
        request.setValue(signature ?? Self.sign(body, timestamp: seconds), forHTTPHeaderField: "x-zm-signature")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Five people join ten minutes before `now` and drop with a network error a second apart a minute
    /// before it: a collective incident (in the harness's room, or in `meeting`). Returns the answers' statuses.
    func postCollectiveDrop(now: Date, in meeting: Events.Meeting = .init()) async throws -> [Int] {
        let people = ["Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox", "Flo Gray"]
        var statuses: [Int] = []
        for person in people {
            statuses.append(try await post(Events.participant("meeting.participant_joined", name: person, time: now.addingTimeInterval(-600), in: meeting)).0)
        }
        for (index, person) in people.enumerated() {
            let left = Events.participant(
                "meeting.participant_left", name: person, time: now.addingTimeInterval(-60 + Double(index)),
                reason: "left the meeting. Reason : Network connection error. ", in: meeting)
            statuses.append(try await post(left).0)
        }
        return statuses
    }

    /// `v0=` + hex HMAC-SHA256 over `v0:{timestamp}:` and the raw bytes, as Zoom signs.
    static func sign(_ body: [UInt8], timestamp: String) -> String {
        var message = Array("v0:\(timestamp):".utf8)
        message += body
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "v0=" + code.map { String(format: "%02x", $0) }.joined()
    }

    func get(_ path: String) async throws -> (Int, String, String?) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: baseURL + path)!)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), http?.value(forHTTPHeaderField: "Content-Type"))
    }
}

/// Runs a command to completion with `input` on standard input. The waiting happens on a thread of
/// its own: the tests share the few threads Swift's concurrency runs on (two on these machines), an
/// in-process simulator serves on them too, and a test blocking one for a whole backfill would
/// starve every other test, or the very simulator the command talks to.
func run(_ executable: String, _ arguments: [String], input: String = "") async throws -> (Int32, String, String) {
    try await offThePool { try runBlocking(executable, arguments, input: input) }
}

/// Runs `body` on a new thread and resumes when it returns.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// The same, waiting on the calling thread: only for quick commands (sqlite3, umount) where an `await`
/// cannot go (a `defer`, a synchronous helper).
func runBlocking(_ executable: String, _ arguments: [String], input: String = "") throws -> (Int32, String, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    // Both pipes at once: a child that fills one while we wait on the other would never finish.
    nonisolated(unsafe) var err = Data()
    let done = DispatchSemaphore(value: 0)
    let errThread = Thread {
        err = stderr.fileHandleForReading.readDataToEndOfFile()
        done.signal()
    }
    errThread.start()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

/// Zoom webhook bodies for tests (compact JSON, as Zoom sends).
enum Events {
    static let meetingUUID = "/TestRoom//uuid+Q=="
    static let meetingStart = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - 3600))

    /// The meeting an event is about; by default the harness's room (watched for presence).
    struct Meeting {
        var uuid = Events.meetingUUID
        var id: Int64 = 81_234_567_890
        var topic = "Class 7B Maths"
        var start = Events.meetingStart
    }

    static func participant(_ kind: String, name: String, time: Date, reason: String? = nil, meetingUUID: String = meetingUUID) -> String {
        participant(kind, name: name, time: time, reason: reason, in: Meeting(uuid: meetingUUID))
    }

    static func participant(_ kind: String, name: String, time: Date, reason: String? = nil, in meeting: Meeting) -> String {
        let iso = ISO8601DateFormatter().string(from: time)
        let timeField = kind == "meeting.participant_left" ? "leave_time" : "join_time"
        let reasonField = reason.map { #","leave_reason":"\#($0)""# } ?? ""
        let uuid = "UUID-" + name.replacingOccurrences(of: " ", with: "-")
        return #"{"event":"\#(kind)","event_ts":\#(Int64(time.timeIntervalSince1970 * 1000)),"payload":{"account_id":"A","object":{"uuid":"\#(meeting.uuid)","id":"\#(meeting.id)","type":8,"topic":"\#(meeting.topic)","host_id":"H","start_time":"\#(meeting.start)","participant":{"user_id":"1","user_name":"\#(name)","id":"","participant_uuid":"\#(uuid)","email":"","\#(timeField)":"\#(iso)"\#(reasonField)}}}}"#
    }
}
