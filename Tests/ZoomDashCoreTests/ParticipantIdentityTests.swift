import Testing
import ZoomDashCore

@Suite struct ParticipantIdentityTests {
    @Test func prefersParticipantUUID() {
        let key = ParticipantIdentity.key(
            participantUUID: "0ea4bd28-db6c", zoomUserID: "u1", registrantID: "r1", email: "a@b", name: "Ann")
        #expect(key == "uuid:0EA4BD28-DB6C")
    }

    @Test func fallsBackInOrder() {
        #expect(ParticipantIdentity.key(participantUUID: "", zoomUserID: "u1", registrantID: "r1", email: "a@b", name: "A") == "user:u1")
        #expect(ParticipantIdentity.key(participantUUID: nil, zoomUserID: " ", registrantID: "r1", email: "a@b", name: "A") == "reg:r1")
        #expect(ParticipantIdentity.key(participantUUID: "", zoomUserID: "", registrantID: "", email: "Ann@School.Example", name: "A") == "email:ann@school.example")
        #expect(ParticipantIdentity.key(participantUUID: "", zoomUserID: "", registrantID: "", email: "", name: "  Ann   LEE ") == "name:ann lee")
    }

    @Test func namesDifferingOnlyInCaseAndSpacingAreOnePerson() {
        #expect(ParticipantIdentity.normalisedName("ann  lee") == ParticipantIdentity.normalisedName(" Ann Lee "))
    }
}
