/// What a channel has been told about each incident: the figures last posted. Decides whether an
/// event is news. Kept in memory by the notifier; after a restart an incident it never saw is judged
/// from the event itself (an update's `previous` figures, a withdrawn incident's last figures).
public struct ChatLedger: Sendable, Hashable {
    public private(set) var posted: [Int64: Incident] = [:]
    public private(set) var seen: Set<Int64> = []

    public init() {}

    /// What the channel was last told of `incidentID`, given the first event of it in view.
    public func told(_ incidentID: Int64, first event: IncidentEvent, policy: ChatPolicy) -> Incident? {
        if seen.contains(incidentID) { return posted[incidentID] }
        switch event.kind {
        case .opened: return nil
        case .updated: return event.previous.flatMap { policy.wants($0) ? $0 : nil }
        case .withdrawn: return policy.wants(event.incident) ? event.incident : nil
        }
    }

    /// The decisions about these events are settled (posted or skipped).
    public mutating func settle(_ events: [IncidentEvent], posted items: [ChatItem]) {
        seen.formUnion(events.map(\.incidentID))
        for item in items {
            if case .withdrawn = item.kind { posted[item.incidentID] = nil } else { posted[item.incidentID] = item.incident }
        }
        // Bounded: the oldest incidents are forgotten first (ids increase); they fall back to the event.
        if seen.count > 5000 {
            let keep = Set(seen.sorted().suffix(4000))
            seen = keep
            posted = posted.filter { keep.contains($0.key) }
        }
    }

    /// The items worth posting for events of one group: one per incident, from its last event and
    /// what the channel was told before the group.
    public func items(for events: [IncidentEvent], policy: ChatPolicy) -> [ChatItem] {
        var order: [Int64] = []
        var byIncident: [Int64: [IncidentEvent]] = [:]
        for event in events {
            if byIncident[event.incidentID] == nil { order.append(event.incidentID) }
            byIncident[event.incidentID, default: []].append(event)
        }
        return order.compactMap { id in
            let list = byIncident[id]!
            let final = list.last!
            let before = told(id, first: list.first!, policy: policy)
            switch final.kind {
            case .withdrawn:
                guard policy.withdrawals, let before else { return nil }
                return ChatItem(kind: .withdrawn, incidentID: id, incident: before.withEvidence(of: final.incident))
            case .opened, .updated:
                guard policy.wants(final.incident) else { return nil }
                guard let before else { return ChatItem(kind: .new, incidentID: id, incident: final.incident) }
                switch policy.updates {
                case .none: return nil
                case .all: return before == final.incident ? nil : ChatItem(kind: .update(previous: before), incidentID: id, incident: final.incident)
                case .significant:
                    return policy.isSignificant(final.incident, since: before)
                        ? ChatItem(kind: .update(previous: before), incidentID: id, incident: final.incident) : nil
                }
            }
        }
    }
}

extension Incident {
    /// These figures, with the identity fields of `other` where these lack them.
    func withEvidence(of other: Incident) -> Incident {
        var copy = self
        if copy.meetingUUID == nil { copy.meetingUUID = other.meetingUUID }
        if copy.evidence.meetingUUIDs.isEmpty { copy.evidence.meetingUUIDs = other.evidence.meetingUUIDs }
        return copy
    }
}
