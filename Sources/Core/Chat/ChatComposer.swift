import Foundation

/// Turns the items of one post into a readable message: one incident in full, an account incident
/// with its classes, or a grouped list when many arrive at once (a flood stays one post).
public struct ChatComposer: Sendable {
    public var wording: ChatWording
    public var context: ChatContext
    /// Detail lines beyond this are summarised ("…and 12 more"): a flood stays readable and within
    /// the chat servers' size limits.
    public var maximumLines = 25
    /// The dashboard as people reach it (`[dashboard] public_url`): messages link to its pages.
    public var dashboardURL: String?

    public init(wording: ChatWording, context: ChatContext, dashboardURL: String? = nil) {
        self.wording = wording
        self.context = context
        self.dashboardURL = dashboardURL
    }

    public func message(_ items: [ChatItem]) -> ChatMessage? {
        let top = topLevel(items)
        guard !top.isEmpty else { return nil }
        if top.count == 1, let only = top.first {
            var message = single(only.item, members: only.members)
            // A withdrawn incident has no page any more.
            if !Self.isWithdrawal(only.item) { message.link = dashboardURL.map { "\($0)/incidents/\(only.item.incidentID)" } }
            return message
        }
        var message = grouped(top)
        if let base = dashboardURL, let first = top.first?.item.incident.start {
            message.link = "\(base)/incidents?from=\(ZoomTime.iso8601(first - 60))"
        }
        return message
    }

    /// Meeting items that belong to an account item of the same post go under it.
    func topLevel(_ items: [ChatItem]) -> [(item: ChatItem, members: [ChatItem])] {
        var nested = Set<Int64>()
        var result: [(item: ChatItem, members: [ChatItem])] = []
        for item in items {
            if item.incident.scope == .account {
                let uuids = Set(item.incident.evidence.meetingUUIDs)
                let members = items.filter {
                    $0.incident.scope == .meeting && !nested.contains($0.incidentID) && $0.incident.meetingUUID.map(uuids.contains) == true
                        && !Self.isWithdrawal($0) && !Self.isWithdrawal(item)
                }
                nested.formUnion(members.map(\.incidentID))
                result.append((item, members))
            }
        }
        let meetings = items.filter { $0.incident.scope == .meeting && !nested.contains($0.incidentID) }.map { ($0, [ChatItem]()) }
        return (result + meetings).sorted { $0.item.incident.start < $1.item.incident.start }
    }

    static func isWithdrawal(_ item: ChatItem) -> Bool {
        if case .withdrawn = item.kind { return true }
        return false
    }

    // MARK: One incident

    func single(_ item: ChatItem, members: [ChatItem]) -> ChatMessage {
        let incident = item.incident
        let line = headline(item)
        switch item.kind {
        case .withdrawn:
            return ChatMessage(headline: line, title: "Correction", severity: .correction)
        case .new, .update:
            var fields = [ChatMessage.Field("Dropped", "\(incident.dropped) of \(incident.present)"), ChatMessage.Field("Cause", ChatWording.causeName(incident.cause))]
            if !incident.evidence.networkTypes.isEmpty { fields.append(.init("Networks", incident.evidence.networkTypes.joined(separator: ", "))) }
            if incident.evidence.droppedWithData > 0 {
                fields.append(.init("Poor quality before", "\(incident.evidence.droppedPoor) of \(incident.evidence.droppedWithData) with data"))
            }
            let title: String
            var details: [ChatMessage.Line] = []
            if incident.scope == .account {
                title = incident.cause == .zoomOrShared ? "Zoom bad moment" : "Several classes at once"
                details = memberLines(of: incident, members: members)
                fields[0].title = "Dropped (\(incident.meetings) classes)"
            } else {
                title = "Class disconnection"
            }
            return ChatMessage(headline: line, title: title, details: capped(details), fields: fields, severity: .init(incident.cause))
        }
    }

    /// The one line that says it all for an item.
    func headline(_ item: ChatItem) -> ChatMessage.Line {
        let incident = item.incident
        switch (item.kind, incident.scope) {
        case (.withdrawn, .meeting):
            return .init(
                bold: "Correction",
                ": the \(wording.clock(incident.start)) incident in \(context.topic(incident.meetingUUID)) (\(incident.dropped) of \(incident.present) dropped)"
                    + " is withdrawn: a closer look shows it was not a collective disconnection")
        case (.withdrawn, .account):
            return .init(
                bold: "Correction",
                ": the \(wording.clock(incident.start)) \(wording.zoneName) incident across \(incident.meetings) classes is withdrawn:"
                    + " a closer look shows they did not drop together")
        case (.new, .meeting):
            return .init(
                bold: context.topic(incident.meetingUUID),
                ": " + wording.figures(of: incident, rejoined: context.rejoined[item.incidentID]) + " — " + wording.cause(of: incident))
        case (.update(let previous), .meeting):
            return .init(
                bold: "Update: " + context.topic(incident.meetingUUID),
                ": now " + wording.figures(of: incident, rejoined: context.rejoined[item.incidentID])
                    + wording.change(from: previous, to: incident) + " — " + wording.cause(of: incident))
        case (.new, .account):
            return .init(bold: wording.accountFigures(of: incident), " — " + wording.cause(of: incident))
        case (.update(let previous), .account):
            return .init(
                bold: "Update: " + wording.accountFigures(of: incident),
                wording.change(from: previous, to: incident) + " — " + wording.cause(of: incident))
        }
    }

    /// The classes of an account incident: with their figures when their own incidents are in the
    /// post, else by topic.
    func memberLines(of incident: Incident, members: [ChatItem]) -> [ChatMessage.Line] {
        let byUUID = Dictionary(members.compactMap { item in item.incident.meetingUUID.map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
        let uuids = incident.evidence.meetingUUIDs.isEmpty ? members.compactMap(\.incident.meetingUUID) : incident.evidence.meetingUUIDs
        return uuids.map { uuid in
            guard let member = byUUID[uuid] else { return .init(bold: "• " + context.topic(uuid), "") }
            var text = ": \(member.incident.dropped) of \(member.incident.present) dropped"
            if let back = context.rejoined[member.incidentID], back > 0 { text += ", \(back) back within 2 min" }
            return .init(bold: "• " + context.topic(uuid), text)
        }
    }

    // MARK: Many at once

    func grouped(_ top: [(item: ChatItem, members: [ChatItem])]) -> ChatMessage {
        let items = top.map(\.item)
        let first = items.map(\.incident.start).min() ?? 0
        let last = items.map(\.incident.start).max() ?? first
        var counts: [String] = []
        let new = items.filter { if case .new = $0.kind { true } else { false } }.count
        let updates = items.filter { if case .update = $0.kind { true } else { false } }.count
        let withdrawn = items.count - new - updates
        if new > 0 { counts.append("\(new) new") }
        if updates > 0 { counts.append(updates == 1 ? "1 update" : "\(updates) updates") }
        if withdrawn > 0 { counts.append(withdrawn == 1 ? "1 correction" : "\(withdrawn) corrections") }
        let span = first == last ? "at \(wording.clock(first)) \(wording.zoneName)" : "between \(wording.clock(first)) and \(wording.clock(last)) \(wording.zoneName)"
        let live = items.filter { !Self.isWithdrawal($0) }
        let classes = live.reduce(0) { $0 + ($1.incident.scope == .account ? 0 : 1) } + top.filter { !Self.isWithdrawal($0.item) }.reduce(0) { $0 + ($1.item.incident.scope == .account ? $1.item.incident.meetings : 0) }
        let dropped = live.reduce(0) { $0 + $1.incident.dropped }
        var text = " " + span + " (" + counts.joined(separator: ", ") + ")"
        if !live.isEmpty { text += ": \(dropped) people dropped in \(classes) class\(classes == 1 ? "" : "es")" }
        var details: [ChatMessage.Line] = []
        for (item, members) in top {
            var line = headline(item)
            line.bold = "• " + (line.bold ?? "")
            details.append(line)
            if item.incident.scope == .account, !Self.isWithdrawal(item) {
                details += memberLines(of: item.incident, members: members).map { .init(bold: "    " + ($0.bold ?? ""), $0.text) }
            }
        }
        let severity = items.map { Self.isWithdrawal($0) ? ChatMessage.Severity.correction : .init($0.incident.cause) }.max() ?? .unknown
        let fields = [ChatMessage.Field("Incidents", "\(items.count)"), ChatMessage.Field("People dropped", "\(dropped)")]
        return ChatMessage(
            headline: .init(bold: "\(items.count) incidents", text), title: "\(items.count) incidents", details: capped(details),
            fields: fields, severity: severity)
    }

    func capped(_ lines: [ChatMessage.Line]) -> [ChatMessage.Line] {
        guard lines.count > maximumLines else { return lines }
        return Array(lines.prefix(maximumLines - 1)) + [.init("…and \(lines.count - maximumLines + 1) more (see the dashboard or the incidents export)")]
    }
}
