import Foundation
import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashDashboard
import ZoomDashStorage
import ZoomDashZoomAPI

/// The dashboard's parts from the configuration and the running daemon.
enum DashboardSetup {
    /// Reads the users file (`zoomdashd check-config` and the start both do): a bad one is a
    /// configuration error, exit 78.
    static func access(_ config: ZoomDashConfig, logger: Logger) throws(DashboardError) -> DashboardAccess {
        try DashboardAccess(usersFile: config.dashboard.usersFile, sessionSeconds: config.dashboard.sessionSeconds, logger: logger)
    }

    static func api(runtime: Runtime) throws -> DashboardAPI {
        let config = runtime.current.config
        return DashboardAPI(
            readers: try ReaderPool(path: config.store.path),
            calendar: LocalCalendar(zone: TimeZone(identifier: config.dashboard.timeZone) ?? .current),
            settings: config.dashboard, presence: config.presence,
            live: {
                var budget: [String: Int]?
                if let client = runtime.current.client {
                    var available: [String: Int] = [:]
                    for category in RateCategory.allCases { available[category.slug + "_remaining"] = await client.budget.available(category) }
                    available["heavy_daily_remaining"] = await client.budget.dailyRemaining
                    budget = available
                }
                return LiveStatus(version: ZoomDashVersion.current, startedAt: runtime.startedAt, budget: budget, websocket: runtime.websockets.liveStatus)
            },
            now: Runtime.now)
    }
}
