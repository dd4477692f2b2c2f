import Foundation
import ZoomDashCore

/// Errors talking to Zoom, worded so an admin knows what to change.
public enum ZoomAPIError: Error, CustomStringConvertible, Sendable, Hashable {
    case missingCredentials
    case authenticationFailed(status: Int, reason: String)
    /// A non-retryable answer, or a retryable one after the last attempt.
    case requestFailed(request: String, status: Int, code: Int?, message: String, trackingID: String?)
    case dailyLimitReached(category: RateCategory, until: Double)
    case dashboardUnavailable(message: String)
    case invalidResponse(request: String, reason: String)

    /// Whether no further request of the same run can succeed (a collector stops instead of failing
    /// meeting after meeting).
    public var endsTheRun: Bool {
        switch self {
        case .dailyLimitReached, .missingCredentials, .authenticationFailed, .dashboardUnavailable: true
        case .requestFailed, .invalidResponse: false
        }
    }

    public var description: String {
        switch self {
        case .missingCredentials:
            return "Zoom credentials are missing: set [zoom] account_id and client_id, and the client secret "
                + "(/etc/zoomdash/credentials/zoom-client-secret under systemd, ZOOM_CLIENT_SECRET, or [zoom] client_secret)"
        case .authenticationFailed(let status, let reason):
            return "Zoom refused the Server-to-Server OAuth credentials (HTTP \(status): \(reason)); check [zoom] "
                + "account_id, client_id and the client secret, and that the app is a Server-to-Server OAuth app"
        case .requestFailed(let request, let status, let code, let message, let trackingID):
            var text = "Zoom request \(request) failed with HTTP \(status)"
            if let code { text += " (code \(code))" }
            if !message.isEmpty { text += ": \(message)" }
            if let trackingID { text += " [x-zm-trackingid \(trackingID)]" }
            return text
        case .dailyLimitReached(let category, let until):
            let date = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: until))
            return "Zoom's daily limit for \(category.rawValue) requests is used up until \(date); the job resumes from its checkpoint when run again"
        case .dashboardUnavailable(let message):
            return "the Zoom Dashboard API is not available on this account (\(message)); set [zoom] source = \"report\" or \"auto\""
        case .invalidResponse(let request, let reason):
            return "Zoom's answer to \(request) could not be read: \(reason)"
        }
    }
}
