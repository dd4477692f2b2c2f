import Testing
import ZoomDashZoomAPI

@Suite struct ZoomPathTests {
    /// docs/zoom-api-notes.md §2.4, computed examples.
    @Test func doubleEncodesUUIDsStartingWithSlashOrContainingDoubleSlash() {
        #expect(ZoomPath.meetingUUID("/ajXp112QmuoKj4854875==") == "%252FajXp112QmuoKj4854875%253D%253D")
        #expect(ZoomPath.meetingUUID("ab//cd+e==") == "ab%252F%252Fcd%252Be%253D%253D")
    }

    @Test func encodesOtherUUIDsOnce() {
        #expect(ZoomPath.meetingUUID("Dkgwu8nm/ExG1vM+GhLRhA==") == "Dkgwu8nm%2FExG1vM%2BGhLRhA%3D%3D")
        #expect(ZoomPath.meetingUUID("4444AAAiAAAAAiAiAiiAii==") == "4444AAAiAAAAAiAiAiiAii%3D%3D")
    }

    @Test func queryEncodesBothSides() {
        #expect(ZoomPath.query([("from", "2026-11-01"), ("next_page_token", "a+b/c=")]) == "from=2026-11-01&next_page_token=a%2Bb%2Fc%3D")
    }
}
