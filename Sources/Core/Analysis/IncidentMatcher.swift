/// Tells which freshly derived incidents are the stored ones again, so an incident keeps its id (and a
/// notification, a dashboard link or a Zoho row keeps meaning the same thing) across re-analyses.
///
/// Rule: within one group (the incidents of one meeting instance, or the account-level ones), a new
/// incident is the same as a stored one when their `[start, end]` spans overlap (ends included). A
/// late drop that moves the start earlier, or one that extends the end, keeps the identity. Matching
/// is greedy in start order, each stored incident used once: when one incident splits in two, the
/// first part keeps the id and the second is opened; when two merge, the merged one keeps the first
/// id and the second is withdrawn.
public enum IncidentMatcher {
    public enum Change: Sendable, Hashable {
        case opened(Incident)
        case updated(id: Int64, from: Incident, to: Incident)
        case unchanged(id: Int64)
        case withdrawn(id: Int64, last: Incident)
    }

    public static func changes(stored: [IdentifiedIncident], derived: [Incident]) -> [Change] {
        let old = stored.sorted { ($0.incident.start, $0.id) < ($1.incident.start, $1.id) }
        var used = [Bool](repeating: false, count: old.count)
        var changes: [Change] = []
        for incident in derived.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            let match = old.indices.first { !used[$0] && overlap(old[$0].incident, incident) }
            guard let match else {
                changes.append(.opened(incident))
                continue
            }
            used[match] = true
            let previous = old[match]
            changes.append(previous.incident == incident ? .unchanged(id: previous.id) : .updated(id: previous.id, from: previous.incident, to: incident))
        }
        for index in old.indices where !used[index] { changes.append(.withdrawn(id: old[index].id, last: old[index].incident)) }
        return changes
    }

    private static func overlap(_ a: Incident, _ b: Incident) -> Bool {
        a.scope == b.scope && a.meetingUUID == b.meetingUUID && a.start <= b.end && b.start <= a.end
    }
}
