import Foundation
import Testing
import ZoomDashCore

/// The webhook bodies parse back as JSON with the fields each server expects.
@Suite struct ChatPayloadTests {
    static let message = ChatMessage(
        headline: .init(bold: "Class *7B* \"Math\" @channel", ": 12 of 30 dropped <now> & then\n\u{1}"), title: "Class disconnection",
        details: [.init(bold: "• 8A English", ": 3 of 20 dropped")], fields: [.init("Dropped", "12 of 30")], severity: .zoomOrShared)

    static func parse(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func mattermostGetsMarkdownTextAndAColouredAttachment() throws {
        let object = try Self.parse(ChatPayload.json(Self.message, flavor: .mattermost, channel: "town-square", username: "zoomdash"))
        let text = try #require(object["text"] as? String)
        #expect(text == "**Class \\*7B\\* \"Math\" @\u{200B}channel**: 12 of 30 dropped \\<now\\> & then\n\u{1}")
        #expect(object["channel"] as? String == "town-square")
        #expect(object["username"] as? String == "zoomdash")
        let attachment = try #require((object["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["color"] as? String == "#d00000")
        #expect(attachment["title"] as? String == "Class disconnection")
        #expect(attachment["text"] as? String == "• **8A English**: 3 of 20 dropped")
        #expect((attachment["fallback"] as? String)?.hasPrefix("Class *7B*") == true)
        #expect((attachment["fields"] as? [[String: Any]])?.first?["value"] as? String == "12 of 30")
        #expect(object["blocks"] == nil)
    }

    @Test func slackGetsFallbackTextBlocksAndAColourBar() throws {
        let object = try Self.parse(ChatPayload.json(Self.message, flavor: .slack))
        #expect(object["text"] as? String == "Class *7B* \"Math\" @channel: 12 of 30 dropped &lt;now&gt; &amp; then\n\u{1}")
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect(blocks.count == 2)
        #expect(blocks[0]["type"] as? String == "section")
        let section = try #require(blocks[0]["text"] as? [String: Any])
        #expect(section["type"] as? String == "mrkdwn")
        #expect((section["text"] as? String)?.hasPrefix("*Class *7B* \"Math\" @channel*:") == true)
        #expect(((blocks[1]["text"] as? [String: Any])?["text"] as? String) == "• *8A English*: 3 of 20 dropped")
        let attachment = try #require((object["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["color"] as? String == "#d00000")
        #expect(object["channel"] == nil)
    }

    @Test func aHugeMessageStaysWithinSlacksSectionLimit() throws {
        let long = ChatMessage(headline: .init(String(repeating: "x", count: 5000)), title: "t", severity: .unknown)
        let object = try Self.parse(ChatPayload.json(long, flavor: .slack))
        let section = try #require((object["blocks"] as? [[String: Any]])?.first?["text"] as? [String: Any])
        #expect(((section["text"] as? String)?.count ?? 0) <= 3000)
    }
}
