import Foundation

/// The sentences of chat messages, from an incident's figures, cause and evidence. Times are in the
/// channel's time zone; participants are never named (only counted).
public struct ChatWording: Sendable {
    public var timeZone: TimeZone
    /// The moment the message is composed: an incident of another day gets its date.
    public var now: UnixSeconds

    public init(timeZone: TimeZone, now: UnixSeconds) {
        self.timeZone = timeZone
        self.now = now
    }

    /// `10:14`, or `Mon 3 Nov 10:14` for another day than `now`'s.
    public func clock(_ time: UnixSeconds) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = timeZone
        let sameDay = calendar.isDate(date, inSameDayAs: Date(timeIntervalSince1970: TimeInterval(now)))
        formatter.dateFormat = sameDay ? "HH:mm" : "EEE d MMM HH:mm"
        return formatter.string(from: date)
    }

    /// `UTC`, `CET`, `GMT+1`: what the times are in.
    public var zoneName: String {
        // Foundation on Linux names UTC "GMT"; schools read "UTC".
        ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Z"].contains(timeZone.identifier)
            ? "UTC" : (timeZone.abbreviation(for: Date(timeIntervalSince1970: TimeInterval(now))) ?? timeZone.identifier)
    }

    /// `35 s`, `3 min`.
    public static func span(_ seconds: Int64) -> String {
        seconds < 120 ? "\(max(seconds, 1)) s" : "\(seconds / 60) min"
    }

    /// "likely the local network: 10 of 12 had poor quality just before", from cause and evidence.
    public func cause(of incident: Incident) -> String {
        let evidence = incident.evidence
        var reasons: [String] = []
        let verdict: String
        switch incident.cause {
        case .localNetwork:
            verdict = incident.scope == .account ? "likely the school's network" : "likely the local network"
            if evidence.droppedWithData > 0 {
                reasons.append("\(evidence.droppedPoor) of \(evidence.droppedWithData) had poor quality just before")
            }
            if evidence.othersWithData > 0 && evidence.othersPoor == 0 { reasons.append("the others in the room were fine") }
        case .zoomOrShared:
            verdict = incident.scope == .account ? "likely Zoom-side" : "likely Zoom-side or the school's shared connection"
            if evidence.droppedWithData > 0 {
                reasons.append(
                    evidence.droppedPoor == 0
                        ? "no quality warning before"
                        : "only \(evidence.droppedPoor) of \(evidence.droppedWithData) had poor quality before")
            } else if incident.scope == .account {
                reasons.append("several classes at once")
            }
        case .unknown:
            verdict = "cause unknown"
            reasons.append("no call-quality data yet")
        }
        if !evidence.dataCentres.isEmpty {
            reasons.append((evidence.dataCentres.count == 1 ? "data centre " : "data centres ") + evidence.dataCentres.joined(separator: ", "))
        }
        if let alert = evidence.alerts.first { reasons.append("Zoom alert: “\(alert)”") }
        return reasons.isEmpty ? verdict : verdict + ": " + reasons.joined(separator: ", ")
    }

    /// "12 of 30 dropped within 35 s at 10:14, 9 back within 2 min".
    public func figures(of incident: Incident, rejoined: Int?) -> String {
        var text = "\(incident.dropped) of \(incident.present) dropped within \(Self.span(incident.end - incident.start)) at \(clock(incident.start))"
        if let rejoined { text += rejoined == 0 ? ", none back within 2 min" : ", \(rejoined) back within 2 min" }
        return text
    }

    /// "14:02 UTC: 5 classes lost 59 of 91 people within 40 s".
    public func accountFigures(of incident: Incident) -> String {
        "\(clock(incident.start)) \(zoneName): \(incident.meetings) classes lost \(incident.dropped) of \(incident.present) people"
            + " within \(Self.span(incident.end - incident.start))"
    }

    /// "(was 12 of 30)" / "(cause was unknown)": what an update changed.
    public func change(from previous: Incident, to incident: Incident) -> String {
        var changes: [String] = []
        if previous.dropped != incident.dropped || previous.present != incident.present {
            changes.append("was \(previous.dropped) of \(previous.present)")
        }
        if previous.cause != incident.cause { changes.append("cause was \(Self.causeName(previous.cause))") }
        return changes.isEmpty ? "" : " (" + changes.joined(separator: "; ") + ")"
    }

    public static func causeName(_ cause: IncidentCause) -> String {
        switch cause {
        case .zoomOrShared: "Zoom-side"
        case .localNetwork: "local network"
        case .unknown: "unknown"
        }
    }
}
