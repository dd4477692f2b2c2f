import Testing
@testable import ZoomDashStorage

/// A live pass's store calls shrink after a slow one, so a webhook commit never waits long behind
/// meetings far dearer than a class, and grow back once calls are quick.
@Suite struct StoreCallSizerTests {
    @Test func classSizedMeetingsGoEightACall() {
        var sizer = StoreCallSizer()
        #expect(sizer.next == 8)
        sizer.called(meetings: 8, took: .milliseconds(4))
        #expect(sizer.next == 8)
    }

    @Test func aSlowCallMakesTheNextFitTheBudgetAndQuickOnesDoubleItBack() {
        var sizer = StoreCallSizer()
        sizer.called(meetings: 8, took: .milliseconds(1_100))  // year-long classes: ~140 ms each
        #expect(sizer.next == 1)
        sizer.called(meetings: 1, took: .milliseconds(140))
        #expect(sizer.next == 1, "never none")
        sizer.called(meetings: 8, took: .milliseconds(50))
        #expect(sizer.next == 4)
        sizer.called(meetings: 1, took: .milliseconds(2))
        #expect(sizer.next == 8)
        sizer.called(meetings: 0, took: .seconds(5))
        #expect(sizer.next == 8, "an empty call says nothing")
    }
}
