/// Where an import's data comes from: a `DATA` query parameter (what Zoho's Python SDK sends for
/// raw data), a multipart `FILE` or `DATA` part, or a `text/plain` body (the OAS allows it).
enum ZohoImportBody {
    static let maxFileBytes = 100 * 1024 * 1024

    static func text(body: [UInt8], contentType: String?, queryData: String?) throws(ZohoError) -> String {
        if let queryData { return queryData }
        if let boundary = MultipartFormData.boundary(contentType: contentType) {
            guard let form = MultipartFormData(body: body, boundary: boundary) else { throw .notMultipart }
            switch (form.part(named: "FILE"), form.part(named: "DATA")) {
            case (let file?, nil): return try decoded(file.body)
            case (nil, let data?): return try decoded(data.body)
            case (nil, nil): throw .missingParameter("FILE")
            case (_?, _?): throw .invalidParameter("FILE", "send either FILE or DATA, not both")
            }
        }
        if contentType?.lowercased().hasPrefix("text/plain") == true { return try decoded(body[...]) }
        throw .notMultipart
    }

    private static func decoded(_ bytes: some Collection<UInt8>) throws(ZohoError) -> String {
        guard bytes.count <= maxFileBytes else { throw .invalidParameter("FILE", "larger than 100 MB") }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // spreadsheet exports start with a BOM
        return text
    }
}
