import Foundation
import Testing
import ZoomDashCore

/// Zoom's WebSocket envelope (`module`, `success`, `content`) down to the webhook parser.
@Suite struct WebSocketFrameTests {
    let event = #"{"event":"meeting.participant_joined","event_ts":1764590400000,"payload":{"account_id":"A","object":{"uuid":"m/1==","id":123,"topic":"Maths","participant":{"user_name":"Ann \"A\"","participant_uuid":"p1","user_id":"16778240","join_time":"2026-12-01T12:00:00Z"}}}}"#

    func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    @Test func buildConnectionIsJudgedBySuccess() {
        #expect(WebSocketFrame.decode(#"{"module":"build_connection","success":true,"content":"ok","header":{}}"#) == .buildConnection(success: true, content: "ok"))
        #expect(
            WebSocketFrame.decode(#"{"module":"build_connection","success":false,"content":"Token is invalid","header":{}}"#)
                == .buildConnection(success: false, content: "Token is invalid"))
        #expect(WebSocketFrame.decode(#"{"module":"build_connection"}"#) == .buildConnection(success: true, content: ""))
    }

    @Test func heartbeatReply() {
        #expect(WebSocketFrame.decode(#"{"module":"heartbeat","success":true,"content":"live","header":{}}"#) == .heartbeat(success: true))
    }

    @Test func messageContentAsAStringIsDecodedASecondTime() throws {
        let frame = WebSocketFrame.decode(#"{"module":"message","content":"# + quoted(event) + "}")
        #expect(frame == .message(body: Array(event.utf8)), "the stored raw event is the webhook body itself")
        guard case .message(let body) = frame else { return }
        let record = try WebhookParser.parse(body)
        #expect(record.kind == .participantJoined)
        #expect(record.meetingUUID == "m/1==")
        #expect(record.participant?.name == "Ann \"A\"")
    }

    @Test func messageContentAsAnObjectIsAcceptedAsItIs() throws {
        let frame = WebSocketFrame.decode(#"{"module":"message","success":true,"header":{},"content":"# + event + "}")
        guard case .message(let body) = frame else {
            Issue.record("\(frame)")
            return
        }
        let record = try WebhookParser.parse(body)
        #expect(record.event == "meeting.participant_joined")
        #expect(record.meetingID == 123)
        #expect(record.participant?.participantUUID == "p1")
    }

    @Test func aTokenComplaintOnALiveSocketIsRecognisedByItsFlag() {
        #expect(WebSocketFrame.decode(#"{"module":"message","success":false,"content":"Invalid Token"}"#) == .tokenRejected(content: "Invalid Token"))
        #expect(WebSocketFrame.decode(#"{"module":"notice","success":false,"content":"Token is invalid"}"#) == .tokenRejected(content: "Token is invalid"))
    }

    @Test func unknownModulesAndJunkAreCountedNotFatal() {
        #expect(WebSocketFrame.decode(#"{"module":"rtms_notice","content":{}}"#) == .other(module: "rtms_notice"))
        #expect(WebSocketFrame.decode(#"{"module":"rtms_notice","content":{}}"#).module == "rtms_notice")
        #expect(WebSocketFrame.decode("heartbeat").module == "undecodable")
        #expect(WebSocketFrame.decode(#"{"content":"x"}"#) == .undecodable(reason: "no module"))
        #expect(WebSocketFrame.decode(#"{"module":"message"}"#) == .undecodable(reason: "message without content"))
    }

    @Test func aLargeMessageDecodes() throws {
        let names = (0..<3000).map { #"{"user_name":"person \#($0)","qos":[{"type":"video_input","details":{"bitrate":"1 kbps"}}]}"# }
        let big = #"{"event":"meeting.participant_qos","event_ts":1,"payload":{"object":{"uuid":"u","participants":["# + names.joined(separator: ",") + "]}}}"
        #expect(big.utf8.count > 64 * 1024)
        let frame = WebSocketFrame.decode(#"{"module":"message","content":"# + quoted(big) + "}")
        #expect(frame == .message(body: Array(big.utf8)))
    }
}
