import Foundation
import Testing
import ZoomDashCore

@testable import ZoomDashZoomAPI

@Suite struct ZoomDecodingTests {
    @Test(arguments: [
        ("2026-11-20T09:01:02Z", Int64(1_795_165_262)),
        ("2026-11-20T09:01:02.837Z", 1_795_165_262),
        ("2026-11-20T10:01:02+01:00", 1_795_165_262),
        ("2026-11-20T09:01:02+00:00", 1_795_165_262),
        ("2026-11-20 09:01:02", 1_795_165_262),
        ("2026-11-20 09:01:02:216", 1_795_165_262),
        ("11/20/2026 09:01", 1_795_165_260),
        ("2026-11-20", 1_795_132_800),
    ])
    func parsesZoomDateFormats(text: String, expected: Int64) {
        #expect(ZoomTime.parse(text) == expected)
    }

    @Test func rejectsGarbageDates() {
        for text in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-11-20T09:01:02Q"] {
            #expect(ZoomTime.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatsUTC() {
        #expect(ZoomTime.iso8601(1_795_165_262) == "2026-11-20T09:01:02Z")
        #expect(ZoomTime.zohoDateTime(1_795_165_262) == "2026-11-20 09:01:02")
        #expect(ZoomTime.day(0) == "1970-01-01")
        #expect(ZoomTime.iso8601(951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test func participantRecordToleratesQuirks() throws {
        let json = """
            {"participants":[
              {"id":"","user_id":12345,"user_name":"Ann Lee","participant_user_id":"","participant_uuid":"0ea4bd28-db6c",
               "email":"","registrant_id":"","join_time":"2026-11-20T09:00:00Z","leave_time":"2026-11-20T09:10:00.5Z",
               "leave_reason":"Ann Lee got disconnected from the meeting.<br>Reason: Network connection error.",
               "device":"Windows","network_type":"Wifi","data_center":"United States (SC Top)","new_field":{"x":[1]},
               "failover":"false","duration":"unexpected"},
              {"id":98765,"user_id":"2","name":"Bo","user_email":"Bo@School.Example","join_time":"bad date"},
              {"user_id":"3","name":"Cy","join_time":"2026-11-20T09:00:00Z","leave_time":"","bo_mtg_id":"BR1"}
            ],"next_page_token":"","page_size":300,"total_records":"3"}
            """
        let page = try JSONDecoder().decode(ZoomPage<ZoomParticipantRecord>.self, from: Data(json.utf8))
        #expect(page.items.count == 3)
        #expect(page.nextPageToken == nil)
        #expect(page.totalRecords == 3)
        let ann = try #require(page.items[0].session(meetingUUID: "M", source: .dashboard))
        #expect(ann.participantKey == "uuid:0EA4BD28-DB6C")
        #expect(ann.details.connectionID == "12345")
        #expect(ann.leaveTime == ann.joinTime + 600)
        #expect(ann.details.failover == false)
        #expect(ann.details.dataCenter == "United States (SC Top)")
        // No join time: nothing to analyse, dropped rather than failing the page.
        #expect(page.items[1].session(meetingUUID: "M", source: .report) == nil)
        #expect(page.items[1].zoomUserID == "98765")
        #expect(page.items[1].email == "Bo@School.Example")
        let cy = try #require(page.items[2].session(meetingUUID: "M", source: .report))
        #expect(cy.leaveTime == nil)
        #expect(cy.participantKey == "name:cy")
        #expect(cy.details.breakoutRoomID == "BR1")
    }

    @Test func meetingsAcceptNumericOrStringIdsAndDurationStrings() throws {
        let json = """
            {"meetings":[
              {"uuid":"/ab//c==","id":"812 3456 7890","topic":"Class","host":"T","email":"t@s",
               "start_time":"2026-11-20T09:00:00Z","end_time":"","duration":"01:02:03","participants":"12"},
              {"uuid":"x","id":81234567891,"topic":"Lesson","start_time":"2026-11-20T10:00:00Z","duration":"56:07"}
            ],"next_page_token":"abc"}
            """
        let page = try JSONDecoder().decode(ZoomPage<DashboardMeeting>.self, from: Data(json.utf8))
        #expect(page.nextPageToken == "abc")
        let first = try #require(page.items[0].instance)
        #expect(first.meetingID == 81_234_567_890)
        #expect(first.endTime == first.startTime + 3723)
        #expect(first.participantsCount == 12)
        #expect(page.items[1].instance?.endTime == page.items[1].startTime.map { $0 + 3367 })
    }

    /// The public Zoom samples in ../shared, when present, decode without loss of the key fields.
    @Test func decodesSharedZoomSamples() throws {
        let base = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../shared/samples/zoom/endpoints")
        let participants = base.appendingPathComponent("metrics-meetings-{meetingId}-participants_GET.json")
        let report = base.appendingPathComponent("report-meetings-{meetingId}-participants_GET.json")
        let meetings = base.appendingPathComponent("metrics-meetings_GET.json")
        guard let dashboardData = try? Data(contentsOf: participants) else { return }
        let page = try JSONDecoder().decode(ZoomPage<ZoomParticipantRecord>.self, from: dashboardData)
        #expect(!page.items.isEmpty)
        #expect(page.items.allSatisfy { $0.joinTime != nil })
        let reportPage = try JSONDecoder().decode(ZoomPage<ZoomParticipantRecord>.self, from: try Data(contentsOf: report))
        #expect(!reportPage.items.isEmpty)
        let meetingPage = try JSONDecoder().decode(ZoomPage<DashboardMeeting>.self, from: try Data(contentsOf: meetings))
        #expect(meetingPage.items.allSatisfy { $0.instance != nil })
    }
}
