/// RFC 4180 CSV: comma-separated, `"` quotes fields, `""` inside quotes is a quote, CRLF or LF
/// ends a record, and line breaks inside quotes belong to the field.
enum CSVDocument {
    enum ParseError: Error, Sendable, Equatable {
        case unterminatedQuote(line: Int)
        case quoteInsideUnquotedField(line: Int)
    }

    /// Records, each a list of fields. A trailing line break does not make an empty record;
    /// blank lines are skipped, as Zoho's import does.
    static func records(_ text: String, delimiter: Character = ",") throws(ParseError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var characters = Substring(text)

        func endRecord() {
            record.append(field)
            if record != [""] || fieldWasQuoted { records.append(record) }
            record = []
            field = ""
            fieldWasQuoted = false
        }

        // Swift treats "\r\n" as one Character, which keeps CRLF handling to one case.
        while let character = characters.popFirst() {
            if inQuotes {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character.isNewline { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else { throw .quoteInsideUnquotedField(line: line) }
                inQuotes = true
                fieldWasQuoted = true
            case delimiter:
                record.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r\n", "\n", "\r":
                endRecord()
                line += 1
            default:
                guard !fieldWasQuoted else { throw .quoteInsideUnquotedField(line: line) }
                field.append(character)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: line) }
        if !field.isEmpty || fieldWasQuoted || !record.isEmpty { endRecord() }
        return records
    }
}
