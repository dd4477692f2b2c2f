import Foundation
import Testing
@testable import ZoomDashStorage

/// Our deflate of webhook bodies must be what zlib's inflate reads back byte for byte, whatever the
/// bytes: it is how every stored body is kept, and a body that cannot be read back is lost.
@Suite struct PresetDictionaryDeflaterTests {
    let dictionary = Array(#"{"event":"meeting.participant_joined","payload":{"object":{"uuid":"","participant":{"user_name":""}}}}"#.utf8)

    func roundTrip(_ body: [UInt8], dictionary: [UInt8]? = nil, _ comment: Comment? = nil) -> Int {
        let dictionary = dictionary ?? self.dictionary
        var encoder = PresetDictionaryDeflater(dictionary: dictionary)
        var deflated: [UInt8] = []
        encoder.deflate(body, into: &deflated)
        #expect(WebhookBodyDeflater.inflateRaw(deflated[...], dictionary: dictionary) == body, comment)
        return deflated.count
    }

    @Test func zoomBodiesComeBackByteForByteInUnderAThirdOfTheirSize() throws {
        let deflater = WebhookBodyDeflater()
        for (index, name) in ["Ann Lee", "Bo", "Zoë Ünal", "李雷"].enumerated() {
            let body = Array(
                #"{"event":"meeting.participant_left","event_ts":1764770000\#(index)00,"payload":{"account_id":"A1b2","object":{"uuid":"kQ\#(index)+x/Yz==","id":"8123456789\#(index)","type":8,"topic":"Class 7B","host_id":"H9","start_time":"2026-12-03T08:00:00Z","participant":{"user_id":"1600\#(index)","user_name":"\#(name)","id":"","participant_uuid":"P-\#(index)","email":"","leave_time":"2026-12-03T08:10:1\#(index)Z","leave_reason":"left the meeting. Reason : Network connection error. "}}}}"#.utf8)
            let stored = try #require(deflater.deflated(body))
            #expect(WebhookBodyDeflater.inflated(stored) == body)
            #expect(stored.count * 3 < body.count, "\(stored.count) bytes for \(body.count)")
        }
    }

    @Test func anyBytesComeBack() {
        var generator = SystemRandomNumberGenerator()
        #expect(roundTrip([]) <= 2)
        for length in [1, 3, 4, 5, 257, 258, 259, 1000, 70_000] {
            _ = roundTrip((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }, "random, \(length) bytes")
            // Few distinct bytes: long matches, overlapping ones, and distances past the window.
            _ = roundTrip((0..<length).map { _ in UInt8.random(in: 0...2, using: &generator) }, "three values, \(length) bytes")
        }
    }

    @Test func runsAndRepeatsUseEveryLengthAndDistance() {
        #expect(roundTrip([UInt8](repeating: 0x41, count: 100_000)) < 1_000, "a run is a chain of 258-byte copies")
        var body: [UInt8] = []
        let phrase = Array("Reason : Network connection error. ".utf8)
        for gap in [1, 2, 3, 7, 100, 1_000, 5_000, 20_000, 32_000, 33_000] {
            body += phrase
            body += (0..<gap).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ gap) }
        }
        _ = roundTrip(body + phrase)
        for length in 3...300 { _ = roundTrip(Array(body.prefix(length)) + Array(body.prefix(length)), "twice \(length)") }
    }

    @Test func matchesRunFromTheDictionaryOnIntoTheBody() {
        // The dictionary's end repeated: a match that starts in it and goes on into what the body just wrote.
        let tail = Array(dictionary.suffix(10))
        let size = roundTrip(tail + tail + tail + tail)
        #expect(size < 12)
        _ = roundTrip(dictionary + dictionary)
        _ = roundTrip(Array("x".utf8), dictionary: [])
        _ = roundTrip(dictionary, dictionary: Array(repeating: 0x7B, count: 32_000))
    }
}
