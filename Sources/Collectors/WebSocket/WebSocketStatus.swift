import Synchronization
import ZoomDashCore
import ZoomDashPipeline

/// What one WebSocket source has done, for `/metrics`, `/healthz`, `zoomdashctl status` and STATUS=.
/// Written by its executor, read by the daemon's routes.
public final class WebSocketStatus: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var phase = WebSocketConnectionMachine.Phase.idle
        public var connected = false
        /// Unix seconds of the last inbound frame.
        public var lastFrameAt: Double?
        /// Since when it is disconnected (after having been live), Unix seconds.
        public var disconnectedSince: Double?
        public var reconnects: [String: Int] = [:]
        public var messagesByModule: [String: Int] = [:]
        public var events: [IngestOutcome: Int] = [:]
        public var ingestFailures = 0
        public var gapSeconds = 0.0
        public var gaps = 0
        public var suspectedTaken = false
        /// The token grant the socket uses (the configured one until Zoom took the other).
        public var grant = ZoomTokenGrant.accountCredentials
        public var lastFailure: String?
    }

    public let name: String
    /// `/healthz` is unhealthy once the source was disconnected this long (`unhealthy_after`).
    public let unhealthyAfterSeconds: Double
    private let state = Mutex(Snapshot())

    public init(name: String, unhealthyAfterSeconds: Double = 300) {
        self.name = name
        self.unhealthyAfterSeconds = unhealthyAfterSeconds
    }

    public var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        state.withLock { change(&$0) }
    }

    /// Disconnected for longer than `seconds` at `now` (Unix seconds): `/healthz` is unhealthy.
    public func disconnectedLonger(than seconds: Double, now: Double) -> Bool {
        let snapshot = self.snapshot
        guard !snapshot.connected, let since = snapshot.disconnectedSince else { return false }
        return now - since > seconds
    }
}
