/// One chat post, before it is rendered for Mattermost or Slack: plain text with spans to embolden,
/// so each renderer applies its own markup and escaping.
public struct ChatMessage: Sendable, Hashable {
    /// The colour bar: the most serious cause among the incidents in the message.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// Not about an incident: the daily digest, the presence feed.
        case information
        /// A correction (an incident withdrawn): no alarm.
        case correction
        case unknown
        case localNetwork
        case zoomOrShared

        public init(_ cause: IncidentCause) {
            switch cause {
            case .zoomOrShared: self = .zoomOrShared
            case .localNetwork: self = .localNetwork
            case .unknown: self = .unknown
            }
        }

        /// `#RRGGBB`: red when Zoom-side, amber for local networks, grey when unknown, green for
        /// corrections, blue for information.
        public var color: String {
            switch self {
            case .information: "#3a7bd5"
            case .zoomOrShared: "#d00000"
            case .localNetwork: "#f2a900"
            case .unknown: "#8a8a8a"
            case .correction: "#2e8b57"
            }
        }

        private var rank: Int {
            switch self {
            case .information: -1
            case .correction: 0
            case .unknown: 1
            case .localNetwork: 2
            case .zoomOrShared: 3
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    /// A line of text: an optional bold lead (a class topic, "Correction") and the rest.
    public struct Line: Sendable, Hashable {
        public var bold: String?
        public var text: String
        public init(bold: String? = nil, _ text: String) {
            self.bold = bold
            self.text = text
        }

        /// Without markup: notifications, fallbacks, logs, tests.
        public var plain: String { (bold ?? "") + text }
    }

    public struct Field: Sendable, Hashable {
        public var title: String
        public var value: String
        public var short: Bool
        public init(_ title: String, _ value: String, short: Bool = true) {
            self.title = title
            self.value = value
            self.short = short
        }
    }

    /// The summary: the message's first line and the phone notification.
    public var headline: Line
    /// A short title for the attachment ("Zoom bad moment", "Class incident", "3 incidents").
    public var title: String
    /// The details below the headline: one line per meeting or incident.
    public var details: [Line]
    public var fields: [Field]
    public var severity: Severity
    /// The dashboard page with the details (`[dashboard] public_url` set), the attachment's title link.
    public var link: String?

    public init(headline: Line, title: String, details: [Line] = [], fields: [Field] = [], severity: Severity) {
        self.headline = headline
        self.title = title
        self.details = details
        self.fields = fields
        self.severity = severity
    }

    /// Everything as plain text, one line each.
    public var plainText: String { ([headline] + details).map(\.plain).joined(separator: "\n") }
}
