import Foundation
import Testing

@testable import ZoomDashCore

@Suite struct ExportTableTests {
    let record = DisconnectionRecord(
        meetingUUID: "/ab==", meetingID: 81_234_567_890, topic: "Class, \"7B\"", participantKey: "uuid:X",
        participantName: "Ann\nLee", time: 1_795_165_262, reasonClass: "network", leaveReason: nil,
        rejoinedAfterSeconds: 30, source: "dashboard", lostSeconds: 30)

    @Test func csvQuotesPerRFC4180WithZohoTimes() {
        let csv = ExportTable.disconnects([record]).csv()
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "meeting_uuid,meeting_id,topic,participant_key,participant_name,time,reason_class,leave_reason,rejoined_after_s,source,lost_s")
        #expect(lines[1] == "/ab==,81234567890,\"Class, \"\"7B\"\"\",uuid:X,\"Ann\nLee\",2026-11-20 09:01:02,network,,30,dashboard,30")
    }

    @Test func jsonLinesUseTheDocumentedKeysInOrderWithUTCZ() {
        let line = ExportTable.disconnects([record]).jsonLines()
        #expect(line == #"{"meeting_uuid":"/ab==","meeting_id":81234567890,"topic":"Class, \"7B\"","participant_key":"uuid:X","participant_name":"Ann\nLee","time":"2026-11-20T09:01:02Z","reason_class":"network","leave_reason":null,"rejoined_after_s":30,"source":"dashboard","lost_s":30}"# + "\n")
    }

    @Test func accountIncidentsHaveNullMeetingAndACount() {
        let incident = IncidentRecord(
            id: 7, scope: .account, meetingUUID: nil, meetingID: nil, topic: nil, start: 0, end: 60, dropped: 12, present: 40, meetings: 3)
        #expect(ExportTable.incidents([incident]).jsonLines() == #"{"incident_id":7,"scope":"account","meeting_uuid":null,"meeting_id":null,"topic":null,"start":"1970-01-01T00:00:00Z","end":"1970-01-01T00:01:00Z","dropped":12,"present":40,"meetings":3}"# + "\n")
    }
}
