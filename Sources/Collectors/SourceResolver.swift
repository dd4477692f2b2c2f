import ZoomDashCore
import ZoomDashStorage
import ZoomDashZoomAPI

/// Decides which Zoom API the participants collector uses. With `auto`, a fallback to the Report API
/// is remembered in the store for a day, so not every run pays a failing Dashboard call.
struct SourceResolver: Sendable {
    let store: ZoomDashStore
    let preferred: ParticipantSource

    static let checkpointKey = "participants.source.fallback_until"
    static let fallbackSeconds: Int64 = 86_400

    func current(now: UnixSeconds) async throws -> DataSource {
        switch preferred {
        case .dashboard: return .dashboard
        case .report: return .report
        case .auto:
            if let until = try await store.checkpoint(Self.checkpointKey).flatMap({ Int64($0) }), until > now {
                return .report
            }
            return .dashboard
        }
    }

    func fallBackToReport(now: UnixSeconds) async throws -> DataSource {
        try await store.setCheckpoint(Self.checkpointKey, String(now + Self.fallbackSeconds), now: now)
        return .report
    }
}
