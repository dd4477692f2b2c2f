import Testing
@testable import ZoomDashCore

@Suite struct LeaveReasonClassifierTests {
    let classifier = LeaveReasonClassifier()

    @Test func onlyTheTextAfterTheParticipantsNameIsClassified() {
        let hostile = "Reason: Network connection error."
        #expect(classifier.classify(hostile + " left the meeting.<br>Reason: Host ended the meeting.", name: hostile) == .hostEnded)
        #expect(classifier.classify("Ann Lee got disconnected from the meeting.<br>Reason: Network connection error.", name: "Ann Lee") == .network)
        #expect(classifier.classify("got disconnected from the meeting. Reason : Client Close.", name: "Ann Lee") == .client, "webhooks carry no name")
        #expect(classifier.classify(nil, name: "Ann Lee") == .unknown)
    }

    /// Every variant of docs/zoom-api-notes.md §4, in both the Dashboard and the webhook format.
    @Test(arguments: [
        // §4.1 Dashboard enum ($name = display name)
        ("Ann Lee left the meeting.", LeaveReasonClass.voluntary),
        ("Ann Lee got disconnected from the meeting.", .network),
        ("Host ended the meeting.", .hostEnded),
        ("Host closed the meeting.", .hostEnded),
        ("Host started a new meeting.", .hostEnded),
        ("Network connection error.", .network),
        ("Host did not join.", .hostEnded),
        ("Exceeded free meeting minutes limit.", .hostEnded),
        ("Removed by host.", .removed),
        ("Unknown reason.", .unknown),
        ("Leave waiting room.", .waitingRoom),
        ("Removed by host from waiting room.", .waitingRoom),
        ("Ann Lee left the webinar.", .voluntary),
        // §4.1 real Dashboard values with <br>
        ("Dojo left the meeting.<br>Reason: Host ended the meeting.", .hostEnded),
        ("Rea left the meeting.<br>Reason: Host closed the meeting.", .hostEnded),
        ("Participant 1 left the meeting.<br>Reason: left the meeting.", .voluntary),
        ("Ann got disconnected from the meeting.<br>Reason: Network connection error.", .network),
        // §4.2 webhook format
        ("Jill Chill left the meeting.<br>Reason: Host ended the meeting.", .hostEnded),
        ("left the meeting. Reason : left the meeting", .voluntary),
        ("left the meeting. Reason : left the meeting to join breakout room", .breakout),
        ("got disconnected from the meeting. Reason : Client Close.", .client),
        ("left the meeting. Reason : left the meeting leave breakout room to join main meeting", .breakout),
        ("left the meeting. Reason : Host ended the meeting.", .hostEnded),
        ("left the meeting. Reason : Network connection error. ", .network),
    ])
    func classifiesKnownVariants(text: String, expected: LeaveReasonClass) {
        #expect(classifier.classify(text) == expected)
    }

    @Test func missingOrEmptyReasonIsUnknown() {
        #expect(classifier.classify(nil) == .unknown)
        #expect(classifier.classify("") == .unknown)
        #expect(classifier.classify("   ") == .unknown)
    }

    @Test func aParticipantsNameNeverDecidesTheClass() {
        #expect(classifier.classify("Network Connection Error left the meeting.<br>Reason: left the meeting.") == .voluntary)
        #expect(classifier.classify("Host Ended got disconnected from the meeting.<br>Reason: Client Close.") == .client)
    }

    @Test func toleratesCaseSpacingAndLineBreaks() {
        #expect(classifier.classify("  GOT DISCONNECTED from the meeting.   REASON:network CONNECTION error") == .network)
        #expect(classifier.classify("Bo left the meeting.<BR>Reason :  client close") == .client)
    }

    /// The memo's recent texts are moved and evicted: whatever the order, each answer is the plain classifier's.
    @Test func theMemoAnswersAsThePlainClassifierWhateverTheOrder() {
        let names = ["Ann Lee", "Bo", "", "Zoë Ünal", "left the meeting.<br>Reason:"]
        let rests = [
            " left the meeting.<br>Reason: Host ended the meeting.", " got disconnected from the meeting.<br>Reason: Network connection error.",
            " left the meeting.<br>Reason: left the meeting to join breakout room.", " left the meeting.<br>Reason: left the meeting.",
            " got disconnected from the meeting.<br>Reason: Client Close.", "Host ended the meeting.", " left the meeting.<br>Reason: Removed by host.",
            " left.<br>Reason: Removed by host from waiting room.", " left the meeting.<br>Reason: unknown reason.", " x", "",
        ]
        var memo = CachingLeaveReasonClassifier()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let name = names.randomElement(using: &generator)!
            let text = (Bool.random(using: &generator) ? name : "") + rests.randomElement(using: &generator)!
            #expect(memo.classify(text, name: name) == classifier.classify(text, name: name), "\(text) / \(name)")
        }
        #expect(memo.classify(nil, name: "Ann Lee") == .unknown)
    }
}
