import Testing
import ZoomDashPlatform

@Suite struct SystemdNotifyMessageTests {
    @Test func messagesHaveSystemdsAssignmentFormat() {
        #expect(NotifyMessage.ready(status: "3 collectors ok") == "READY=1\nSTATUS=3 collectors ok")
        #expect(NotifyMessage.status("polling") == "STATUS=polling")
        #expect(NotifyMessage.watchdog == "WATCHDOG=1")
        #expect(NotifyMessage.reloading(monotonicMicroseconds: 1_234_567) == "RELOADING=1\nMONOTONIC_USEC=1234567")
        #expect(NotifyMessage.stopping == "STOPPING=1")
    }

    @Test(arguments: [
        ("one\nREADY=1", "one READY=1"),
        ("a\r\nb\rc", "a b c"),
        ("cut\0here", "cut here"),
        ("plain", "plain"),
    ])
    func statusTextCannotAddAssignments(text: String, expected: String) {
        #expect(NotifyMessage.singleLine(text) == expected)
        #expect(NotifyMessage.status(text) == "STATUS=\(expected)")
    }
}
