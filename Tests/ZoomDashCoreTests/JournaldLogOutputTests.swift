import Foundation
import Logging
import Testing
import ZoomDashPlatform

@Suite struct JournaldLogOutputTests {
    let stderrIdentity = FileIdentity(device: 27, inode: 123_456)

    @Test(arguments: [
        ("27:123456", LogOutput.journald),
        ("27:123457", .standardError),
        ("28:123456", .standardError),
        ("27:", .standardError),
        ("27:123456:1", .standardError),
        ("dev:ino", .standardError),
        ("", .standardError),
    ])
    func journalOnlyWhenJournalStreamNamesStandardError(journalStream: String, expected: LogOutput) {
        #expect(LogOutput.choose(journalStream: journalStream, standardError: stderrIdentity) == expected)
    }

    @Test func withoutJournalStreamOrStandardErrorItIsStandardError() {
        #expect(LogOutput.choose(journalStream: nil, standardError: stderrIdentity) == .standardError)
        #expect(LogOutput.choose(journalStream: "27:123456", standardError: nil) == .standardError)
    }

    @Test func fstatIdentityMatchesTheJournalStreamFormat() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zd-stream-\(UUID().uuidString)").path
        let descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        try #require(descriptor >= 0)
        defer {
            close(descriptor)
            unlink(path)
        }
        var status = stat()
        try #require(stat(path, &status) == 0)
        let identity = try #require(FileIdentity(fileDescriptor: descriptor))
        #expect(identity.journalStream == "\(status.st_dev):\(status.st_ino)")
        #expect(FileIdentity(journalStream: identity.journalStream) == identity)
        #expect(FileIdentity(fileDescriptor: -1) == nil)
    }

    @Test func detectComparesWithTheRealStandardError() throws {
        let stderrStream = try #require(FileIdentity(fileDescriptor: STDERR_FILENO)).journalStream
        #expect(LogOutput.detect(environment: ["JOURNAL_STREAM": stderrStream]) == .journald)
        #expect(LogOutput.detect(environment: [:]) == .standardError)
    }

    @Test func handlersCarryTheLevel() {
        let journal = LogOutput.journald.makeHandler(label: "t", level: .debug)
        #expect(journal is JournaldLogHandler)
        #expect(journal.logLevel == .debug)
        let stream = LogOutput.makeHandler(label: "t", level: .notice, environment: [:])
        #expect(stream is StandardErrorLogHandler)
        #expect(stream.logLevel == .notice)
    }
}
