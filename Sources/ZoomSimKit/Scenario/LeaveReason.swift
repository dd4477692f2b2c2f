/// Why a connection record ended. The Dashboard and webhook texts are rendered from this
/// (see `LeaveReasonText`); the Report API never shows it.
public enum LeaveReason: String, Sendable, Hashable, Codable, CaseIterable {
    case hostEnded
    case networkError
    case clientClose
    case joinBreakoutRoom
    case leaveBreakoutRoom
    case leftMeeting

    /// The reason class of a real disconnection ("network"/"client"), nil for everything else.
    public var disconnectClass: String? {
        switch self {
        case .networkError: "network"
        case .clientClose: "client"
        default: nil
        }
    }
}
