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
        #expect(lines[0] == "meeting_uuid,meeting_id,topic,participant_key,participant_name,time,reason_class,leave_reason,rejoined_after_s,source,lost_s,quality_before")
        #expect(lines[1] == "/ab==,81234567890,\"Class, \"\"7B\"\"\",uuid:X,\"Ann\nLee\",2026-11-20 09:01:02,network,,30,dashboard,30,unknown")
    }

    @Test func jsonLinesUseTheDocumentedKeysInOrderWithUTCZ() {
        let line = ExportTable.disconnects([record]).jsonLines()
        #expect(line == #"{"meeting_uuid":"/ab==","meeting_id":81234567890,"topic":"Class, \"7B\"","participant_key":"uuid:X","participant_name":"Ann\nLee","time":"2026-11-20T09:01:02Z","reason_class":"network","leave_reason":null,"rejoined_after_s":30,"source":"dashboard","lost_s":30,"quality_before":"unknown"}"# + "\n")
    }

    @Test func accountIncidentsHaveNullMeetingAndACount() {
        let incident = IncidentRecord(
            id: 7, scope: .account, meetingUUID: nil, meetingID: nil, topic: nil, start: 0, end: 60, dropped: 12, present: 40, meetings: 3)
        #expect(ExportTable.incidents([incident]).jsonLines() == #"{"incident_id":7,"scope":"account","meeting_uuid":null,"meeting_id":null,"topic":null,"start":"1970-01-01T00:00:00Z","end":"1970-01-01T00:01:00Z","dropped":12,"present":40,"meetings":3,"cause":"unknown","dropped_poor":0,"dropped_with_data":0,"others_poor":0,"others_with_data":0,"data_centres":"","network_types":"","alerts":""}"# + "\n")
    }

    @Test func qualityRowsCarryTheShareAsADecimal() {
        let record = QualityRecord(
            meetingUUID: "M1", meetingID: 5, topic: "Class", start: 0, participantMinutes: 1350, poorMinutes: 27, worstCause: "audio_input.latency")
        #expect(ExportTable.quality([record]).csv() == "meeting_uuid,meeting_id,topic,start,participant_minutes,poor_minutes,poor_share,worst_metric\r\nM1,5,Class,1970-01-01 00:00:00,1350,27,0.02,audio_input.latency\r\n")
        #expect(ExportTable(name: "t", columns: ["x"], rows: [[.decimal(0.00005)], [.decimal(-1.5)], [.decimal(12)]]).csv() == "x\r\n0.0001\r\n-1.5\r\n12\r\n")
    }
}
