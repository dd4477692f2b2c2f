import Testing

@testable import ZoomDashServer
import ZoomDashCore

struct HTTPDateTests {
    @Test func formatsIMFFixdatesAcrossLeapYearsAndCenturies() {
        #expect(ZoomTime.httpDate(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(ZoomTime.httpDate(1_796_247_425) == "Wed, 02 Dec 2026 21:37:05 GMT")
        #expect(ZoomTime.httpDate(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(ZoomTime.httpDate(4_102_444_799) == "Thu, 31 Dec 2099 23:59:59 GMT")
        #expect(ZoomTime.httpDate(-1) == "Wed, 31 Dec 1969 23:59:59 GMT")
    }

    @Test func isMadeOnceASecond() {
        var date = HTTPDate()
        #expect(date.text(at: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(date.text(at: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(date.text(at: 60) == "Thu, 01 Jan 1970 00:01:00 GMT")
    }
}
