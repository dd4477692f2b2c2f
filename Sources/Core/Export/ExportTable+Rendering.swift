extension ExportTable {
    public func render(_ format: ExportFormat) -> String {
        switch format {
        case .csv: csv()
        case .jsonl: jsonLines()
        }
    }

    /// RFC 4180 CSV with a header row, CRLF line ends, and UTC times as `yyyy-MM-dd HH:mm:ss` (what Zoho
    /// Analytics imports with that `dateFormat`). Empty cells stand for null.
    public func csv() -> String {
        var output = columns.map(Self.csvField).joined(separator: ",") + "\r\n"
        for row in rows {
            output += row.map(Self.csvCell).joined(separator: ",")
            output += "\r\n"
        }
        return output
    }

    /// Appends one line as ``csv()`` renders a row (cells, CRLF), for writers that stream rows into
    /// a buffer instead of holding a table: the two cannot disagree on a byte.
    public static func appendCSVLine(_ cells: [Value], to output: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: csvCell(cell).utf8)
        }
        output.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }

    static func csvCell(_ value: Value) -> String {
        switch value {
        case .text(let text): csvField(text)
        case .integer(let number): String(number)
        case .decimal(let number): decimal(number)
        case .time(let time): ZoomTime.zohoDateTime(time)
        case .null: ""
        }
    }

    /// One JSON object per line, keys in column order, times as ISO 8601 UTC with `Z`.
    public func jsonLines() -> String {
        var output = ""
        for row in rows {
            output += "{"
            for (index, value) in row.enumerated() {
                if index > 0 { output += "," }
                output += Self.jsonString(columns[index]) + ":"
                switch value {
                case .text(let text): output += Self.jsonString(text)
                case .integer(let number): output += String(number)
                case .decimal(let number): output += Self.decimal(number)
                case .time(let time): output += Self.jsonString(ZoomTime.iso8601(time))
                case .null: output += "null"
                }
            }
            output += "}\n"
        }
        return output
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    public static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Up to four decimals, no trailing zeros, never an exponent: `0.25`, `12`, `0.0004`.
    static func decimal(_ number: Double) -> String {
        guard number.isFinite else { return "" }
        var text = String(Int64((abs(number) * 10_000).rounded()))
        while text.count < 5 { text = "0" + text }
        var fraction = String(text.suffix(4))
        while fraction.last == "0" { fraction.removeLast() }
        let whole = String(text.dropLast(4))
        return (number < 0 && text.contains(where: { $0 != "0" }) ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
    }
}
