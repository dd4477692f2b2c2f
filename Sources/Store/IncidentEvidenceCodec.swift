import ZoomDashCore

/// The stored form of an incident's evidence: `e1`, then the counts, the cause and the lists, fields
/// separated by U+001E and list items by U+001F (neither occurs in Zoom's data-centre names, network
/// types or alert texts). Not JSON on purpose: the live analysis reads and writes it on the webhook
/// store's thread, where Foundation's JSON coders cost tens of microseconds each.
enum IncidentEvidenceCodec {
    static let field: Unicode.Scalar = "\u{1E}"
    static let item: Unicode.Scalar = "\u{1F}"

    static func encode(_ evidence: IncidentEvidence) -> String {
        let counts = [evidence.droppedWithData, evidence.droppedPoor, evidence.othersWithData, evidence.othersPoor].map(String.init)
        // Scalars, not Characters, are left out: a separator with a combining mark after it is one
        // Character, but its byte would still cut the field in `decode`.
        let lists = [evidence.dataCentres, evidence.networkTypes, evidence.alerts, evidence.meetingUUIDs].map { list in
            list.map { String(String.UnicodeScalarView($0.unicodeScalars.filter { $0 != field && $0 != item })) }
                .joined(separator: String(item))
        }
        return (["e1"] + counts + [evidence.qualityCause.rawValue] + lists).joined(separator: String(field))
    }

    /// `nil` for text this codec did not write (rows of before schema 6 hold `{}`).
    /// Split on bytes: splitting on Characters cost 25 µs an incident, and a re-analysis reads them all.
    static func decode(_ text: String) -> IncidentEvidence? {
        var text = text
        return text.withUTF8 { decode(bytes: $0) }
    }

    private static func decode(bytes: UnsafeBufferPointer<UInt8>) -> IncidentEvidence? {
        let fields = bytes.split(separator: UInt8(field.value), omittingEmptySubsequences: false)
        guard fields.count == 10, fields[0].elementsEqual("e1".utf8) else { return nil }
        func string(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String { String(decoding: bytes, as: UTF8.self) }
        let counts = fields[1...4].compactMap { Int(string($0)) }
        guard counts.count == 4, let cause = IncidentCause(rawValue: string(fields[5])) else { return nil }
        func list(_ index: Int) -> [String] {
            fields[index].isEmpty ? [] : fields[index].split(separator: UInt8(item.value), omittingEmptySubsequences: false).map(string)
        }
        var evidence = IncidentEvidence(qualityCause: cause)
        (evidence.droppedWithData, evidence.droppedPoor, evidence.othersWithData, evidence.othersPoor) = (counts[0], counts[1], counts[2], counts[3])
        (evidence.dataCentres, evidence.networkTypes, evidence.alerts, evidence.meetingUUIDs) = (list(6), list(7), list(8), list(9))
        return evidence
    }
}
