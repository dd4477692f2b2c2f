import Foundation

/// The daily digest as one message: the day's individual disconnections by class (drops, people,
/// minutes lost), its incidents by scope and cause, and, only with `digest_names`, the people who
/// dropped most, for follow-up. Without it no name appears at all: the data is about children.
/// A day without classes, drops or incidents is one line ("a quiet day"), so the channel can tell a
/// quiet day from a digest that never came.
public struct DigestComposer: Sendable {
    public var timeZone: TimeZone
    public var names: Bool
    /// Class lines beyond this are summarised; the disconnections export has them all.
    public var maximumClasses = 15
    public static let maximumPeople = 10

    public init(timeZone: TimeZone, names: Bool) {
        self.timeZone = timeZone
        self.names = names
    }

    public func message(_ facts: DigestFacts, day: DigestSchedule.Due) -> ChatMessage {
        let title = "Daily digest, " + label(day.start)
        let incidents = facts.incidents.reduce(0) { $0 + $1.count }
        if facts.isQuiet { return ChatMessage(headline: .init(bold: title, ": a quiet day, no classes and no disconnections"), title: "Daily digest", severity: .information) }
        if facts.drops.isEmpty {
            let text = ": \(Self.count(facts.classes, "class", "classes")), no disconnections, " + (incidents == 0 ? "no incidents" : Self.count(incidents, "incident", "incidents"))
            return ChatMessage(headline: .init(bold: title, text), title: "Daily digest", details: incidentLines(facts), severity: .information)
        }
        let classes = byClass(facts.drops)
        let people = Set(facts.drops.map(Self.person)).count
        let lost = facts.drops.reduce(0) { $0 + $1.lostSeconds }
        let affected = Set(facts.drops.map(\.meetingUUID)).count
        var text = ": \(Self.count(facts.drops.count, "disconnection", "disconnections")) of \(Self.count(people, "person", "people")) in "
        text += affected <= facts.classes ? "\(affected) of \(Self.count(facts.classes, "class", "classes"))" : Self.count(affected, "class", "classes")
        text += ", \(Self.minutes(lost)) lost; " + (incidents == 0 ? "no incidents" : Self.count(incidents, "incident", "incidents"))
        var details = classes.prefix(maximumClasses).map { line in
            ChatMessage.Line(
                bold: "• " + line.topic,
                ": \(Self.count(line.drops, "drop", "drops")), \(Self.count(line.people, "person", "people")), \(Self.minutes(line.lost)) lost")
        }
        if classes.count > maximumClasses {
            details.append(.init("…and \(classes.count - maximumClasses) more classes (see the disconnections export)"))
        }
        details += incidentLines(facts)
        if names { details += peopleLines(facts.drops) }
        let fields = [
            ChatMessage.Field("Disconnections", "\(facts.drops.count)"), ChatMessage.Field("People", "\(people)"),
            ChatMessage.Field("Minutes lost", Self.minutes(lost)), ChatMessage.Field("Incidents", "\(incidents)"),
        ]
        return ChatMessage(headline: .init(bold: title, text), title: "Daily digest", details: details, fields: fields, severity: .information)
    }

    struct ClassLine: Hashable {
        var topic: String
        var drops: Int
        var people: Int
        var lost: Int64
    }

    /// Per class (meeting topic: a class that met twice is one line), most drops first.
    func byClass(_ drops: [DigestFacts.Drop]) -> [ClassLine] {
        Dictionary(grouping: drops) { $0.topic.trimmingCharacters(in: .whitespaces).isEmpty ? "A class" : $0.topic }.map { topic, drops in
            ClassLine(
                topic: topic, drops: drops.count, people: Set(drops.map { $0.meetingUUID + "\u{1}" + $0.participantKey }).count,
                lost: drops.reduce(0) { $0 + $1.lostSeconds })
        }.sorted { ($1.drops, $0.topic) < ($0.drops, $1.topic) }
    }

    /// "• Incidents: 2 in single classes (1 likely the local network, 1 cause unknown); 1 across several classes (1 likely Zoom-side)".
    func incidentLines(_ facts: DigestFacts) -> [ChatMessage.Line] {
        var parts: [String] = []
        for scope in [Incident.Scope.meeting, .account] {
            let counts = facts.incidents.filter { $0.scope == scope && $0.count > 0 }
            let total = counts.reduce(0) { $0 + $1.count }
            guard total > 0 else { continue }
            let causes = [IncidentCause.zoomOrShared, .localNetwork, .unknown].compactMap { cause -> String? in
                let n = counts.filter { $0.cause == cause }.reduce(0) { $0 + $1.count }
                return n == 0 ? nil : "\(n) " + Self.causePhrase(cause)
            }
            parts.append("\(total) " + (scope == .meeting ? "in single classes" : "across several classes at once") + " (" + causes.joined(separator: ", ") + ")")
        }
        return parts.isEmpty ? [] : [.init(bold: "• Incidents", ": " + parts.joined(separator: "; "))]
    }

    /// The people who dropped most, with their classes; nameless connections are left out (nobody
    /// to follow up with).
    func peopleLines(_ drops: [DigestFacts.Drop]) -> [ChatMessage.Line] {
        let named = drops.filter { !ParticipantIdentity.normalisedName($0.participantName).isEmpty }
        let people = Dictionary(grouping: named) { ParticipantIdentity.normalisedName($0.participantName) }.map { _, drops in
            (name: drops[0].participantName.trimmingCharacters(in: .whitespaces), drops: drops.count, classes: Array(Set(drops.map(\.topic))).sorted())
        }.sorted { ($1.drops, $0.name) < ($0.drops, $1.name) }.prefix(Self.maximumPeople)
        guard !people.isEmpty else { return [] }
        return [.init("Dropped most, for follow-up:")]
            + people.map { .init(bold: "• " + $0.name, ": \(Self.count($0.drops, "drop", "drops")) (\($0.classes.joined(separator: ", ")))") }
    }

    /// Who a drop is across classes: the name, or the connection when there is none.
    static func person(_ drop: DigestFacts.Drop) -> String {
        let name = ParticipantIdentity.normalisedName(drop.participantName)
        return name.isEmpty ? drop.meetingUUID + "\u{1}" + drop.participantKey : name
    }

    static func causePhrase(_ cause: IncidentCause) -> String {
        switch cause {
        case .zoomOrShared: "likely Zoom-side"
        case .localNetwork: "likely the local network"
        case .unknown: "cause unknown"
        }
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) " + (n == 1 ? one : many) }

    /// `93 min`, `under 1 min`.
    static func minutes(_ seconds: Int64) -> String {
        seconds > 0 && seconds < 60 ? "under 1 min" : "\((seconds + 30) / 60) min"
    }

    /// `Mon 30 Nov`, in the channel's time zone.
    func label(_ time: UnixSeconds) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE d MMM"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
    }
}
