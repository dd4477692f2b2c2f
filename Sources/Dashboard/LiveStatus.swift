import ZoomDashCore

/// What only the running daemon knows (the store does not): its version and start, the Zoom API
/// budget, the WebSocket source. The daemon passes a closure that reads it.
public struct LiveStatus: Sendable {
    public struct WebSocket: Sendable, Encodable {
        public var connected: Bool
        public var lastFrameAt: String?

        public init(connected: Bool, lastFrameAt: UnixSeconds?) {
            self.connected = connected
            self.lastFrameAt = lastFrameAt.map(ZoomTime.iso8601)
        }
    }

    public var version: String
    public var startedAt: UnixSeconds?
    /// Requests each rate category could start now (`light_remaining`, …) and heavy ones left today
    /// (`heavy_daily_remaining`).
    public var budget: [String: Int]?
    public var websocket: WebSocket?

    public init(version: String, startedAt: UnixSeconds? = nil, budget: [String: Int]? = nil, websocket: WebSocket? = nil) {
        self.version = version
        self.startedAt = startedAt
        self.budget = budget
        self.websocket = websocket
    }
}
