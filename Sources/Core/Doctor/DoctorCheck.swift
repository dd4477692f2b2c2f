/// One line of `zoomdashctl doctor`: what was checked, how it went, and what to do about it.
/// The ids are part of the interface (docs/doctor.md lists them; scripts read them from `--json`).
public struct DoctorCheck: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Works as it should.
        case ok
        /// Works, but less well than it could, or will not for long: worth acting on, not failing on.
        case warning
        /// Does not work: `doctor` exits 1 (78 for a configuration error).
        case problem
        /// Not applicable here (not configured, not installed) or impossible to tell without an
        /// earlier check passing; the detail says which.
        case skipped

        /// ✓ ⚠ ✗ and – for the text output.
        public var symbol: String {
            switch self {
            case .ok: "✓"
            case .warning: "⚠"
            case .problem: "✗"
            case .skipped: "–"
            }
        }
    }

    /// Stable and dotted (`zoom.scopes`, `sinks.zoho`).
    public var id: String
    /// A few words for people (`Zoom scopes`).
    public var title: String
    public var status: Status
    /// What was found, in one sentence or two.
    public var detail: String
    /// What to do, in words an admin can act on; nil when there is nothing to do.
    public var fix: String?
    /// Machine-readable findings for `--json`, by name (documented per check in docs/doctor.md).
    public var facts: [String: DoctorFact]
    /// A problem of the configuration itself: `doctor` exits 78 instead of 1.
    public var isConfigurationError = false

    public init(
        id: String, title: String, status: Status, detail: String, fix: String? = nil, facts: [String: DoctorFact] = [:]
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.detail = detail
        self.fix = fix
        self.facts = facts
    }

    public static func ok(_ id: String, _ title: String, _ detail: String, facts: [String: DoctorFact] = [:]) -> DoctorCheck {
        DoctorCheck(id: id, title: title, status: .ok, detail: detail, facts: facts)
    }

    public static func warning(_ id: String, _ title: String, _ detail: String, fix: String?, facts: [String: DoctorFact] = [:]) -> DoctorCheck {
        DoctorCheck(id: id, title: title, status: .warning, detail: detail, fix: fix, facts: facts)
    }

    public static func problem(_ id: String, _ title: String, _ detail: String, fix: String?, facts: [String: DoctorFact] = [:]) -> DoctorCheck {
        DoctorCheck(id: id, title: title, status: .problem, detail: detail, fix: fix, facts: facts)
    }

    public static func skipped(_ id: String, _ title: String, _ detail: String, facts: [String: DoctorFact] = [:]) -> DoctorCheck {
        DoctorCheck(id: id, title: title, status: .skipped, detail: detail, facts: facts)
    }
}

/// A machine-readable finding of a check, for `--json`.
public enum DoctorFact: Sendable, Hashable {
    case text(String)
    case number(Int64)
    case flag(Bool)
    case list([String])
}

extension DoctorFact: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
}
