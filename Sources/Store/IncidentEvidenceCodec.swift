import ZoomDashCore

/// The stored form of an incident's evidence: `e1`, then the counts, the cause and the lists, fields
/// separated by U+001E and list items by U+001F (neither occurs in Zoom's data-centre names, network
/// types or alert texts). Not JSON on purpose: the live analysis reads and writes it on the webhook
/// store's thread, where Foundation's JSON coders cost tens of microseconds each.
enum IncidentEvidenceCodec {
    static let field: Character = "\u{1E}"
    static let item: Character = "\u{1F}"

    static func encode(_ evidence: IncidentEvidence) -> String {
        let counts = [evidence.droppedWithData, evidence.droppedPoor, evidence.othersWithData, evidence.othersPoor].map(String.init)
        let lists = [evidence.dataCentres, evidence.networkTypes, evidence.alerts, evidence.meetingUUIDs].map { list in
            list.map { $0.filter { $0 != field && $0 != item } }.joined(separator: String(item))
        }
        return (["e1"] + counts + [evidence.qualityCause.rawValue] + lists).joined(separator: String(field))
    }

    /// `nil` for text this codec did not write (rows of before schema 6 hold `{}`).
    static func decode(_ text: String) -> IncidentEvidence? {
        let fields = text.split(separator: field, omittingEmptySubsequences: false)
        guard fields.count == 10, fields[0] == "e1" else { return nil }
        let counts = fields[1...4].compactMap { Int($0) }
        guard counts.count == 4, let cause = IncidentCause(rawValue: String(fields[5])) else { return nil }
        func list(_ index: Int) -> [String] {
            fields[index].isEmpty ? [] : fields[index].split(separator: item, omittingEmptySubsequences: false).map(String.init)
        }
        var evidence = IncidentEvidence(qualityCause: cause)
        (evidence.droppedWithData, evidence.droppedPoor, evidence.othersWithData, evidence.othersPoor) = (counts[0], counts[1], counts[2], counts[3])
        (evidence.dataCentres, evidence.networkTypes, evidence.alerts, evidence.meetingUUIDs) = (list(6), list(7), list(8), list(9))
        return evidence
    }
}
