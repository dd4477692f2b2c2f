import Foundation

/// A `multipart/form-data` body (RFC 7578) split into named parts.
struct MultipartFormData: Sendable {
    struct Part: Sendable {
        let name: String
        let filename: String?
        let contentType: String?
        let body: [UInt8]
    }

    let parts: [Part]

    func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary parameter of a `multipart/form-data` Content-Type, unquoted; nil for any
    /// other media type.
    static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = piece.dropFirst("boundary=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// nil when the body is not a well-formed multipart body for `boundary`.
    init?(body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        guard var cursor = Self.find(delimiter, in: body, from: 0) else { return nil }
        var parts: [Part] = []
        while true {
            cursor += delimiter.count
            if body[cursor...].starts(with: Array("--".utf8)) { break }  // the close delimiter
            guard let headerStart = Self.skipLineBreak(body, at: cursor),
                let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: headerStart),
                let next = Self.find(Array("\r\n".utf8) + delimiter, in: body, from: headerEnd + 4)
            else { return nil }
            let headers = String(decoding: body[headerStart..<headerEnd], as: UTF8.self)
            guard let part = Self.part(headers: headers, body: Array(body[(headerEnd + 4)..<next])) else { return nil }
            parts.append(part)
            cursor = next + 2
        }
        self.parts = parts
    }

    private static func part(headers: String, body: [UInt8]) -> Part? {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if field == "content-type" { contentType = value }
            guard field == "content-disposition" else { continue }
            for parameter in value.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                let unquoted = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2
                    ? String(pair[1].dropFirst().dropLast()) : pair[1]
                if pair[0].lowercased() == "name" { name = unquoted }
                if pair[0].lowercased() == "filename" { filename = unquoted }
            }
        }
        guard let name else { return nil }
        return Part(name: name, filename: filename, contentType: contentType, body: body)
    }

    /// After a delimiter: optional transport padding, then CRLF.
    private static func skipLineBreak(_ body: [UInt8], at index: Int) -> Int? {
        var index = index
        while index < body.count, body[index] == UInt8(ascii: " ") || body[index] == UInt8(ascii: "\t") { index += 1 }
        guard body[index...].starts(with: Array("\r\n".utf8)) else { return nil }
        return index + 2
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
