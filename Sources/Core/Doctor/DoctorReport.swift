/// Everything `zoomdashctl doctor` found, in order, with the exit code that sums it up and its two
/// renderings: text for people, JSON for scripts (docs/doctor.md; the format is stable).
public struct DoctorReport: Sendable, Hashable {
    public var checks: [DoctorCheck]

    /// The `format` member of the JSON: raised only when a member changes meaning or goes away.
    public static let jsonFormat = 1

    public init(checks: [DoctorCheck]) {
        self.checks = checks
    }

    /// 0 when nothing is a problem (warnings allowed), 78 when the configuration itself is wrong, else 1.
    public var exitCode: Int32 {
        let problems = checks.filter { $0.status == .problem }
        if problems.contains(where: \.isConfigurationError) { return 78 }
        return problems.isEmpty ? 0 : 1
    }

    public func count(_ status: DoctorCheck.Status) -> Int { checks.count(where: { $0.status == status }) }

    /// One line a check (`✓ Title: detail`), its fix indented below it, then a summary line.
    public var text: String {
        var lines: [String] = []
        for check in checks {
            lines.append("\(check.status.symbol) \(check.title): \(check.detail)")
            if let fix = check.fix, check.status != .ok { lines.append("    fix: \(fix)") }
        }
        let problems = count(.problem)
        let warnings = count(.warning)
        var summary = "\(count(.ok)) ok, \(warnings) warning\(warnings == 1 ? "" : "s"), \(problems) problem\(problems == 1 ? "" : "s"), "
            + "\(count(.skipped)) skipped"
        switch exitCode {
        case 0: summary += warnings == 0 ? ": all fine" : ": working; the warnings are worth a look"
        case 78: summary += ": fix the configuration first"
        default: summary += ": fix the problems above (✗)"
        }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }

    /// Pretty-printed JSON with members in a fixed order (facts sorted by name); `fix` is null when
    /// there is none.
    public var json: String {
        let summary: [(String, DoctorJSON)] = DoctorCheck.Status.allCases.map { ($0.rawValue, .number(Int64(count($0)))) }
        let root = DoctorJSON.object([
            ("format", .number(Int64(Self.jsonFormat))),
            ("version", .string(ZoomDashVersion.current)),
            ("exit_code", .number(Int64(exitCode))),
            ("summary", .object(summary)),
            ("checks", .array(checks.map(Self.json))),
        ])
        return root.rendered(indent: "")
    }

    static func json(_ check: DoctorCheck) -> DoctorJSON {
        .object([
            ("id", .string(check.id)),
            ("title", .string(check.title)),
            ("status", .string(check.status.rawValue)),
            ("detail", .string(check.detail)),
            ("fix", check.fix.map(DoctorJSON.string) ?? .null),
            ("facts", .object(check.facts.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })),
        ])
    }

    static func json(_ fact: DoctorFact) -> DoctorJSON {
        switch fact {
        case .text(let text): .string(text)
        case .number(let number): .number(number)
        case .flag(let flag): .bool(flag)
        case .list(let items): .array(items.map(DoctorJSON.string))
        }
    }
}

/// The few JSON shapes the report needs, rendered with two-space indentation.
enum DoctorJSON {
    case string(String)
    case number(Int64)
    case bool(Bool)
    case null
    case array([DoctorJSON])
    case object([(String, DoctorJSON)])

    func rendered(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case .string(let text): return ExportTable.jsonString(text)
        case .number(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            // Lists of plain values stay on one line: facts read better that way.
            if items.allSatisfy(\.isScalar) { return "[" + items.map { $0.rendered(indent: inner) }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            return "{\n" + members.map { inner + ExportTable.jsonString($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(separator: ",\n")
                + "\n\(indent)}"
        }
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}
