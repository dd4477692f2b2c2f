/// The life of one Zoom WebSocket subscription as a pure state machine (no clock, no socket):
/// `idle → token → connecting → awaitingBuildConnection → live → backoff → token …`. The executor
/// feeds it times and what happened and carries out the actions it returns; it asks for a `tick` at
/// ``nextWake``. Rules (docs/websocket.md):
/// - the handshake is judged by `build_connection`'s `success`, never its wording; a failure naming
///   the token gets one fresh token at once, and if that is rejected too, one token of the other
///   grant (``ZoomTokenGrant``); anything else backs off. A grant that went live is kept; the
///   token endpoint refusing a grant (an authentication failure) also tries the other once; a socket
///   that opened but sent no `build_connection` in time backs off and then takes a fresh token;
/// - `{"module":"heartbeat"}` every `heartbeatSeconds` while live, never otherwise;
/// - no inbound frame for `watchdogSeconds` means a dead connection (half-open TCP, a stalled server):
///   close it and reconnect;
/// - reconnects back off (``WebSocketBackoff``), reset after `resetAfterSeconds` live, never give up;
/// - live connections closed within `takenWithinSeconds`, `takenAfterCloses` times in a row, mean
///   another client holds the subscription (Zoom lets the newest connection win);
/// - every interval from losing a live connection to the next `build_connection` success is a gap.
///
/// Every connection attempt has an id: events of an older socket (its close arriving after we moved
/// on) are ignored.
public struct WebSocketConnectionMachine: Sendable {
    public struct Settings: Sendable, Equatable {
        public var heartbeatSeconds: Double = 25
        public var watchdogSeconds: Double = 60
        /// For the upgrade, and again for `build_connection` after it.
        public var handshakeTimeoutSeconds: Double = 10
        public var backoffBaseSeconds: Double = 1
        public var backoffCapSeconds: Double = 60
        public var resetAfterSeconds: Double = 120
        public var takenWithinSeconds: Double = 10
        public var takenAfterCloses = 3
        /// The grant tried first (`token_grant`).
        public var grant = ZoomTokenGrant.accountCredentials

        public init() {}
    }

    public enum Phase: String, Sendable, Equatable {
        case idle, token, connecting, awaitingBuildConnection, live, backoff, stopped
    }

    /// Why a connection (or an attempt) ended: the `reconnects by reason` label.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        case tokenFailed = "token_failed"
        case connectFailed = "connect_failed"
        case handshakeFailed = "handshake_failed"
        case handshakeTimeout = "handshake_timeout"
        case tokenRejected = "token_rejected"
        case watchdog
        case closed
        case shutdown
    }

    public enum Action: Sendable, Equatable {
        /// Get a token of `grant`; `refresh`: forget the cached one first (Zoom rejected it).
        case fetchToken(refresh: Bool, grant: ZoomTokenGrant = .accountCredentials)
        /// Open connection `id` with `token`.
        case connect(id: Int, token: String)
        case sendHeartbeat(id: Int)
        /// Close connection `id` from our side (close 1000, then drop it).
        case close(id: Int, Reason)
        /// A connection or attempt ended for `reason`; the next try is in `retryIn` seconds (0: at once).
        case retry(Reason, retryIn: Double, detail: String)
        /// Live (again): the disconnected interval `[from, to]`, if there was one, to be reconciled.
        case wentLive(gap: ClosedRange<Double>?)
        /// The subscription looks taken by another client (reported once per streak).
        case taken(closes: Int)
        /// Went live with a token of another grant than the last live connection's (or the
        /// configured one): it is kept from now on.
        case grantChanged(ZoomTokenGrant)
    }

    public let settings: Settings
    public private(set) var phase = Phase.idle
    public private(set) var connectionID = 0
    public private(set) var backoff: WebSocketBackoff
    /// Since when no connection is live, after one was; nil while live or before the first.
    public private(set) var disconnectedSince: Double?
    public private(set) var lastInbound: Double?
    public private(set) var liveSince: Double?
    public private(set) var quickCloses = 0
    public var suspectedTaken: Bool { quickCloses >= settings.takenAfterCloses }
    private var deadline: Double?
    private var nextHeartbeat: Double?
    private var refreshedToken = false
    /// The grant of the next token; back to ``liveGrant`` at each backoff round.
    public private(set) var grant: ZoomTokenGrant
    /// The grant that went live last (at first the configured one).
    public private(set) var liveGrant: ZoomTokenGrant
    private var triedOtherGrant = false
    /// The next round's token is fetched fresh: the last socket opened and then said nothing.
    private var silentAfterUpgrade = false

    public init(settings: Settings = Settings(), seed: UInt64) {
        self.settings = settings
        grant = settings.grant
        liveGrant = settings.grant
        backoff = WebSocketBackoff(baseSeconds: settings.backoffBaseSeconds, capSeconds: settings.backoffCapSeconds, seed: seed)
    }

    /// When the executor must call ``tick(now:)`` next; nil: only an event can move things.
    public var nextWake: Double? {
        switch phase {
        case .connecting, .awaitingBuildConnection, .backoff: deadline
        case .live: [nextHeartbeat, lastInbound.map { $0 + settings.watchdogSeconds }].compactMap { $0 }.min()
        case .idle, .token, .stopped: nil
        }
    }

    public mutating func start(now: Double) -> [Action] {
        guard phase == .idle else { return [] }
        phase = .token
        return [.fetchToken(refresh: false, grant: grant)]
    }

    public mutating func tokenArrived(_ token: String, now: Double) -> [Action] {
        guard phase == .token else { return [] }
        connectionID += 1
        phase = .connecting
        deadline = now + settings.handshakeTimeoutSeconds
        return [.connect(id: connectionID, token: token)]
    }

    /// No token. `authenticationRejected`: the token endpoint refused this grant (not a network or
    /// server error), so the other grant is worth one try at once.
    public mutating func tokenFailed(_ detail: String, authenticationRejected: Bool = false, now: Double) -> [Action] {
        guard phase == .token else { return [] }
        guard authenticationRejected, !triedOtherGrant else { return backOff(.tokenFailed, detail: detail, now: now) }
        triedOtherGrant = true
        grant = grant.other
        return [.retry(.tokenFailed, retryIn: 0, detail: detail), .fetchToken(refresh: false, grant: grant)]
    }

    /// The upgrade succeeded; `build_connection` is due next.
    public mutating func opened(id: Int, now: Double) -> [Action] {
        guard id == connectionID, phase == .connecting else { return [] }
        phase = .awaitingBuildConnection
        deadline = now + settings.handshakeTimeoutSeconds
        lastInbound = now
        return []
    }

    public mutating func received(_ frame: WebSocketFrame, id: Int, now: Double) -> [Action] {
        guard id == connectionID, phase == .awaitingBuildConnection || phase == .live else { return [] }
        lastInbound = now
        switch (phase, frame) {
        case (.awaitingBuildConnection, .buildConnection(true, _)):
            phase = .live
            liveSince = now
            deadline = nil
            nextHeartbeat = now + settings.heartbeatSeconds
            refreshedToken = false
            triedOtherGrant = false
            let gap = disconnectedSince.map { $0...now }
            disconnectedSince = nil
            let changed = grant != liveGrant
            liveGrant = grant
            return (changed ? [.grantChanged(grant)] : []) + [.wentLive(gap: gap)]
        case (.awaitingBuildConnection, .buildConnection(false, let content)):
            return tokenTrouble(content) ? refreshToken(.handshakeFailed, detail: content, now: now)
                : [.close(id: id, .handshakeFailed)] + backOff(.handshakeFailed, detail: content, now: now)
        case (.live, .tokenRejected(let content)), (.awaitingBuildConnection, .tokenRejected(let content)):
            return refreshToken(.tokenRejected, detail: content, now: now)
        case (.live, .buildConnection(false, let content)):
            // A failure on a live socket (a token that expired, say): what Zoom does then is unknown.
            return tokenTrouble(content) ? refreshToken(.tokenRejected, detail: content, now: now)
                : [.close(id: id, .closed)] + backOff(.closed, detail: content, now: now)
        default:
            return []
        }
    }

    /// The socket `id` is gone: closed by the server, reset, or the attempt failed.
    public mutating func closed(id: Int, detail: String, now: Double) -> [Action] {
        guard id == connectionID else { return [] }
        switch phase {
        case .connecting: return backOff(.connectFailed, detail: detail, now: now)
        case .awaitingBuildConnection: return backOff(.handshakeFailed, detail: detail, now: now)
        case .live:
            var actions: [Action] = []
            if let liveSince, now - liveSince <= settings.takenWithinSeconds {
                quickCloses += 1
                if quickCloses == settings.takenAfterCloses { actions.append(.taken(closes: quickCloses)) }
            } else {
                quickCloses = 0
            }
            return actions + backOff(.closed, detail: detail, now: now)
        case .idle, .token, .backoff, .stopped: return []
        }
    }

    public mutating func tick(now: Double) -> [Action] {
        switch phase {
        case .connecting, .awaitingBuildConnection:
            guard let deadline, now >= deadline else { return [] }
            // Zoom refuses a token with a failure frame, a close and a FIN within milliseconds of the
            // 101; our client library can lose all three when they arrive during its upgrade
            // (docs/websocket.md), leaving an open, silent socket. A refusal is the likely cause, so
            // the next round does not offer the same cached token again.
            silentAfterUpgrade = phase == .awaitingBuildConnection
            return [.close(id: connectionID, .handshakeTimeout)] + backOff(.handshakeTimeout, detail: "no build_connection in time", now: now)
        case .live:
            if let lastInbound, now - lastInbound >= settings.watchdogSeconds {
                return [.close(id: connectionID, .watchdog)]
                    + backOff(.watchdog, detail: "no frame for \(Int(now - lastInbound)) s", now: now)
            }
            guard let next = nextHeartbeat, now >= next else { return [] }
            // From now, not from `next`: after a stalled executor one heartbeat, not a burst.
            nextHeartbeat = now + settings.heartbeatSeconds
            return [.sendHeartbeat(id: connectionID)]
        case .backoff:
            guard let deadline, now >= deadline else { return [] }
            phase = .token
            self.deadline = nil
            defer { silentAfterUpgrade = false }
            return [.fetchToken(refresh: silentAfterUpgrade, grant: grant)]
        case .idle, .token, .stopped:
            return []
        }
    }

    public mutating func stop(now: Double) -> [Action] {
        defer { phase = .stopped }
        switch phase {
        case .connecting, .awaitingBuildConnection, .live: return [.close(id: connectionID, .shutdown)]
        default: return []
        }
    }

    private func tokenTrouble(_ content: String) -> Bool {
        WebSocketFailure.isTokenComplaint(content) && !(refreshedToken && triedOtherGrant)
    }

    /// A token complaint: once per backoff round, a fresh token at once; if that is rejected too,
    /// a token of the other grant at once; after that, back off.
    private mutating func refreshToken(_ reason: Reason, detail: String, now: Double) -> [Action] {
        let id = connectionID
        let switchGrant = refreshedToken
        if switchGrant {
            guard !triedOtherGrant else { return [.close(id: id, reason)] + backOff(reason, detail: detail, now: now) }
            triedOtherGrant = true
            grant = grant.other
        }
        leaveConnection(now: now)
        refreshedToken = true
        phase = .token
        deadline = nil
        // The other grant's cached token was not the one rejected: no need to forget it.
        return [.close(id: id, reason), .retry(reason, retryIn: 0, detail: detail), .fetchToken(refresh: !switchGrant, grant: grant)]
    }

    private mutating func backOff(_ reason: Reason, detail: String, now: Double) -> [Action] {
        leaveConnection(now: now)
        let delay = backoff.nextDelay()
        phase = .backoff
        deadline = now + delay
        // The next round may refresh the token and try the other grant again: a bad token never
        // sticks for good. It starts with the grant that last went live.
        refreshedToken = false
        triedOtherGrant = false
        grant = liveGrant
        return [.retry(reason, retryIn: delay, detail: detail)]
    }

    /// Bookkeeping when a connection or attempt ends: the gap starts if it was live, and a connection
    /// that lasted resets the backoff.
    private mutating func leaveConnection(now: Double) {
        if phase == .live {
            if disconnectedSince == nil { disconnectedSince = now }
            if let liveSince, now - liveSince >= settings.resetAfterSeconds { backoff.reset() }
        }
        liveSince = nil
        nextHeartbeat = nil
    }
}
