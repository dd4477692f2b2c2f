import Testing
import ZoomDashCore

/// The presence feed's wording: allowlisted names only, everyone else counted, a burst as one message.
@Suite struct ChatPresenceTests {
    static func change(_ id: Int64, _ name: String, joined: Bool = true, room: String = "r1", at time: UnixSeconds? = nil, email: String = "")
        -> PresenceChange
    {
        PresenceChange(
            id: id, meetingID: room == "r1" ? 81_234_567_890 : 89_999_999_999, meetingUUID: room, participantKey: "name:" + name.lowercased(),
            name: name, email: email, joined: joined, time: time ?? 1_000 + id)
    }

    static let composer = PresenceComposer(
        allowlist: PresenceAllowlist(["alice", "  BOB  ", "carol@school.example"]),
        rooms: ["r1": .init(name: "Lookout Room", inRoom: 3), "r2": .init(name: "Library", inRoom: 0)])

    func text(_ changes: [PresenceChange]) -> String? { Self.composer.message(changes)?.plainText }

    @Test func oneAllowlistedChangeIsTheSentence() {
        #expect(text([Self.change(1, "Alice")]) == "Alice joined Lookout Room (3 in the room)")
        #expect(text([Self.change(1, "Alice", joined: false)]) == "Alice left Lookout Room (3 in the room)")
        #expect(text([Self.change(1, "Carol K", email: "Carol@School.example")]) == "Carol K joined Lookout Room (3 in the room)", "by email")
    }

    @Test func othersAreCountedNeverNamed() {
        #expect(text([Self.change(1, "Dan Evans")]) == "Someone joined Lookout Room (3 in the room)")
        #expect(text([Self.change(1, "Dan Evans"), Self.change(2, "Eve Fox")]) == "2 people joined Lookout Room (3 in the room)")
        let mixed = text([Self.change(1, "Dan Evans"), Self.change(2, "Alice"), Self.change(3, "Eve Fox"), Self.change(4, "Bob")])
        #expect(mixed == "Alice, Bob and 2 others joined Lookout Room (3 in the room)")
        #expect(mixed?.contains("Dan") == false && mixed?.contains("Eve") == false)
    }

    @Test func aBurstIsOneMessageWithEachPersonsLastChangePerRoom() throws {
        let burst = [
            Self.change(1, "Alice"), Self.change(2, "Dan Evans", joined: false), Self.change(3, "Bob", room: "r2"),
            Self.change(4, "Bob", joined: false, room: "r2"), Self.change(5, "Alice", joined: false), Self.change(6, "Alice"),
        ]
        let message = try #require(Self.composer.message(burst))
        #expect(message.headline.plain == "Presence in 2 rooms")
        #expect(message.details.map(\.plain) == ["• Lookout Room: Alice joined, someone left (3 in the room)", "• Bob left Library (0 in the room)"])
        #expect(Self.composer.message([]) == nil)
    }

    @Test func whoIsInTheRoomIsEachPersonsLatestChangeByTime() {
        let changes = [
            Self.change(1, "Alice"), Self.change(2, "Bob"), Self.change(3, "Alice", joined: false),
            // Delivered late: Bob's leave happened before his join was stored, so he is in.
            Self.change(4, "Bob", joined: false, at: 900), Self.change(5, "Dan"),
        ]
        #expect(PresenceChange.inRoom(changes) == 2)
        #expect(PresenceChange.inRoom([]) == 0)
    }

    @Test func aRoomWithoutATopicIsNamedByItsIdAndAnUnknownCountIsLeftOut() {
        let composer = PresenceComposer(allowlist: PresenceAllowlist([]), rooms: [:])
        #expect(composer.message([Self.change(1, "Alice")])?.plainText == "Someone joined room 81234567890")
    }
}
