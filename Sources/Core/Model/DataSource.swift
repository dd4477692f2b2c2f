/// Where a participant record came from. It decides how disconnections are recognised:
/// Dashboard and webhook records carry a `leave_reason`; Report records do not, so drops are inferred.
public enum DataSource: String, Sendable, Codable, CaseIterable {
    case dashboard
    case report
    case webhook
}

/// Seconds since 1970-01-01 UTC. Zoom reports whole seconds, so the store and the analysis use integers.
public typealias UnixSeconds = Int64
