import Foundation

/// Classifies Zoom's free-text `leave_reason` into a ``LeaveReasonClass``.
///
/// Zoom uses two formats that must both be understood (docs/zoom-api-notes.md §4):
/// - Dashboard: `Ann got disconnected from the meeting.<br>Reason: Network connection error.`,
///   or a bare enum text such as `Host ended the meeting.`
/// - Webhook: `got disconnected from the meeting. Reason : Client Close.` (no name, space before the colon).
///
/// The text is normalised (`<br>` → space, whitespace collapsed, lowercased) and split at the first
/// `reason:`. The rules are matched against the reason part when there is one, so a participant's name
/// can never decide the class; the subject part ("got disconnected" / "left") only breaks ties.
public struct LeaveReasonClassifier: Sendable {
    /// Ordered: the first rule whose phrase occurs in the text wins.
    public static let rules: [(phrase: String, leaveClass: LeaveReasonClass)] = [
        ("network connection error", .network),
        ("client close", .client),
        ("breakout room", .breakout),
        ("host ended", .hostEnded),
        ("host closed", .hostEnded),
        ("host started a new meeting", .hostEnded),
        ("host started a new webinar", .hostEnded),
        ("host did not join", .hostEnded),
        ("exceeded free meeting minutes", .hostEnded),
        // Before "removed by host": "Removed by host from waiting room." is a waiting-room flow.
        ("waiting room", .waitingRoom),
        ("removed by host", .removed),
    ]

    public init() {}

    /// Zoom's Dashboard API starts the text with the participant's `name`: only what follows it is
    /// classified, so a name (even one that reads `Reason: network connection error`) never decides.
    public func classify(_ leaveReason: String?, name: String) -> LeaveReasonClass {
        classify(leaveReason.map { String(Self.withoutName($0, name)) })
    }

    public func classify(_ leaveReason: String?) -> LeaveReasonClass {
        guard let leaveReason, !leaveReason.isEmpty else { return .unknown }
        let text = Self.normalise(leaveReason)
        let (subject, reason) = Self.split(text)
        let ruleText = reason ?? text
        for rule in Self.rules where ruleText.contains(rule.phrase) {
            return rule.leaveClass
        }
        if subject.contains("got disconnected") { return .network }
        if ruleText.contains("unknown reason") { return .unknown }
        if ruleText.contains("left the") || subject.contains("left the") { return .voluntary }
        return .unknown
    }

    static func normalise(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        for character in text.lowercased().replacing("<br>", with: " ") {
            if character.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return result
    }

    /// The name's bytes are a whole prefix, so the rest starts on a scalar boundary.
    static func withoutName(_ leaveReason: String, _ name: String) -> Substring {
        guard !name.isEmpty, leaveReason.utf8.count > name.utf8.count, leaveReason.utf8.starts(with: name.utf8) else { return leaveReason[...] }
        return leaveReason[leaveReason.utf8.index(leaveReason.startIndex, offsetBy: name.utf8.count)...]
    }

    /// Splits `subject reason : detail` at the first `reason` followed by optional spaces and a colon.
    static func split(_ text: String) -> (subject: String, reason: String?) {
        var searchStart = text.startIndex
        while let match = text[searchStart...].range(of: "reason") {
            var index = match.upperBound
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            if index < text.endIndex, text[index] == ":" {
                let reason = text[text.index(after: index)...].trimmingCharacters(in: .whitespaces)
                return (String(text[..<match.lowerBound]), reason)
            }
            searchStart = match.upperBound
        }
        return (text, nil)
    }
}

/// Classifying is string work, and it runs for every session end, so the analysis memoises it.
/// Zoom's Dashboard API starts each text with the participant's name (`Ann Lee left the
/// meeting.<br>Reason: Host ended the meeting.`), which makes nearly every text unique; the memo is
/// keyed by what follows the name (``LeaveReasonClassifier/classify(_:name:)``), the few dozen texts
/// that really repeat.
/// Not `Sendable`: one per analysis run.
struct CachingLeaveReasonClassifier {
    private let classifier = LeaveReasonClassifier()
    /// Keyed by Substrings of the texts looked up: finding the part after the name allocates nothing.
    private var cache: [Substring: LeaveReasonClass] = [:]
    /// The texts after the name found last, as bytes: a store has half a dozen common ones, and
    /// comparing bytes with a few costs less than hashing one (the lookup was 4 % of a re-analysis).
    private var recent: [(bytes: [UInt8], leaveClass: LeaveReasonClass)] = []
    private static let recentLimit = 8

    mutating func classify(_ leaveReason: String?, name: String = "") -> LeaveReasonClass {
        guard var leaveReason, !leaveReason.isEmpty else { return .unknown }
        var name = name
        if let known = leaveReason.withUTF8({ reason in name.withUTF8 { recentClass(of: Self.afterName(reason, $0)) } }) { return known }
        let text = LeaveReasonClassifier.withoutName(leaveReason, name)
        let leaveClass: LeaveReasonClass
        if let known = cache[text] {
            leaveClass = known
        } else {
            leaveClass = classifier.classify(String(text))
            cache[text] = leaveClass
        }
        if recent.count == Self.recentLimit { recent.removeLast() }
        recent.insert((Array(text.utf8), leaveClass), at: 0)
        return leaveClass
    }

    /// What ``LeaveReasonClassifier/withoutName(_:_:)`` keeps, on bytes.
    private static func afterName(_ reason: UnsafeBufferPointer<UInt8>, _ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard !name.isEmpty, reason.count > name.count, memcmp(reason.baseAddress!, name.baseAddress!, name.count) == 0 else { return reason }
        return UnsafeBufferPointer(rebasing: reason[name.count...])
    }

    /// Moves a hit one place forward, so the commonest texts are compared first.
    private mutating func recentClass(of text: UnsafeBufferPointer<UInt8>) -> LeaveReasonClass? {
        for index in recent.indices {
            let same = recent[index].bytes.withUnsafeBufferPointer { $0.count == text.count && memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0 }
            guard same else { continue }
            if index > 0 { recent.swapAt(index, index - 1) }
            return recent[max(index - 1, 0)].leaveClass
        }
        return nil
    }
}
