import Logging
import Synchronization
import Testing
import ZoomDashPlatform

@Suite struct StandardErrorLogHandlerTests {
    final class Lines: Sendable {
        let recorded = Mutex<[String]>([])
        var all: [String] { recorded.withLock { $0 } }
    }

    @Test func writesStreamLogHandlerLinesWithSortedMetadataAndCallSiteOverrides() {
        let lines = Lines()
        var logger = Logger(label: "zoomdashd") { label in
            StandardErrorLogHandler(label: label) { line in lines.recorded.withLock { $0.append(line) } }
        }
        logger[metadataKey: "webhook.path"] = "/zoom/webhook"
        logger[metadataKey: "http.address"] = "127.0.0.1:9465"
        logger.info("listening", metadata: ["webhook.path": "/hook"])
        logger.debug("not written at info level")
        #expect(lines.all.count == 1)
        let line = lines.all.first ?? ""
        #expect(line.hasSuffix(" info zoomdashd: http.address=127.0.0.1:9465 webhook.path=/hook [ZoomDashCoreTests] listening\n"))
        #expect(line.split(separator: " ").first?.count == 24, "an ISO 8601 local time with offset: \(line)")
    }
}
