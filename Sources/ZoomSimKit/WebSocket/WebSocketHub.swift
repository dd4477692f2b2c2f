import Foundation

/// The fake Zoom WebSocket service's state: the connections (the newest wins: a new one closes the
/// one before), what each did (for assertions), the faults, and the events published to them.
/// Events published while no client is live are discarded, never replayed, as Zoom does.
public actor WebSocketHub {
    public struct Connect: Sendable, Hashable {
        public var subscriptionID: String
        public var token: String
        public var at: Date
        /// The OAuth grant of the token, nil when it was not valid.
        public var grant: String?
    }

    enum Command: Sendable {
        case text(String)
        /// Close 1000 with a reason.
        case close(String)
        /// Drop the TCP connection, no close frame.
        case reset
    }

    public private(set) var connects: [Connect] = []
    public private(set) var heartbeats = 0
    public private(set) var closes: [String] = []
    public private(set) var published = 0
    public private(set) var delivered = 0
    public private(set) var discarded = 0
    public private(set) var faults: WebSocketFaults
    /// While stalled, nothing at all is sent (TCP stays open): events are lost, heartbeats unanswered.
    public private(set) var stalled = false
    private var handshakesFailed = 0
    private var current: (id: Int, commands: AsyncStream<Command>.Continuation)?
    private var nextID = 0
    private var held: [String] = []
    private var eventNumber = 0
    private var lastHeartbeat: [Int: Date] = [:]

    public init(faults: WebSocketFaults = WebSocketFaults()) {
        self.faults = faults
    }

    public func setFaults(_ faults: WebSocketFaults) {
        self.faults = faults
    }

    public func stall(_ on: Bool) {
        stalled = on
    }

    /// Whether a client is connected and past the handshake.
    public var isLive: Bool { current != nil }

    /// Drops the live connection without a close frame.
    public func reset() {
        current?.commands.yield(.reset)
        current = nil
    }

    /// Closes the live connection with 1000 "Bye".
    public func closeCurrent() {
        current?.commands.yield(.close("Bye"))
        current = nil
    }

    /// Sends one webhook body to the live client (with the faults); false when none is live (lost).
    @discardableResult
    public func publish(_ body: String) -> Bool {
        published += 1
        guard let current, !stalled else {
            discarded += 1
            return false
        }
        eventNumber += 1
        if let every = faults.unknownModuleEvery, eventNumber % every == 0 {
            current.commands.yield(.text(#"{"module":"sim_notice","success":true,"content":"hello","header":{}}"#))
        }
        var frames = [Self.messageFrame(body, faults: faults)]
        if let every = faults.duplicateEvery, eventNumber % every == 0 { frames.append(frames[0]) }
        if let window = faults.reorderWindow, window > 1 {
            held += frames
            guard held.count >= window else { return true }
            frames = held.reversed()
            held = []
        }
        for frame in frames { current.commands.yield(.text(frame)) }
        delivered += 1
        return true
    }

    /// Sends what a reorder window still holds.
    public func flush() {
        guard let current else { return }
        for frame in held.reversed() { current.commands.yield(.text(frame)) }
        held = []
    }

    static func messageFrame(_ body: String, faults: WebSocketFaults) -> String {
        let content = faults.contentAsObject ? body : JSONValue.string(body).serialized()
        let extra = faults.messageEnvelopeFields ? #","success":true,"header":{}"# : ""
        return #"{"module":"message""# + extra + #","content":"# + content + "}"
    }

    // MARK: - The server's side

    /// A client passed the handshake: it becomes the live connection, and the one before is closed
    /// (the newest wins).
    func register() -> (id: Int, commands: AsyncStream<Command>) {
        nextID += 1
        let (commands, continuation) = AsyncStream.makeStream(of: Command.self)
        if let previous = current {
            previous.commands.yield(.close("Bye"))
            closes.append("replaced by a newer connection")
        }
        current = (nextID, continuation)
        return (nextID, commands)
    }

    /// Records an upgraded connection; the `build_connection` failure content for it, if it fails.
    /// `grant`: the OAuth grant of a valid token, nil for an unknown or expired one.
    func attempt(subscriptionID: String, token: String, grant: String?) -> String? {
        connects.append(Connect(subscriptionID: subscriptionID, token: token, at: Date(), grant: grant))
        if token.isEmpty { return "token is empty" }
        guard let grant, faults.acceptedGrants?.contains(grant) ?? true else { return "Invalid Token" }
        guard let failure = faults.handshakeFailure else { return nil }
        if let limit = faults.handshakeFailures, handshakesFailed >= limit { return nil }
        handshakesFailed += 1
        return failure
    }

    func heartbeat(from id: Int) {
        heartbeats += 1
        lastHeartbeat[id] = Date()
        guard let current, current.id == id, faults.heartbeatReplies, !stalled else { return }
        current.commands.yield(.text(#"{"module":"heartbeat","success":true,"content":"live","header":{}}"#))
    }

    func tokenExpired(for id: Int) {
        guard let current, current.id == id else { return }
        switch faults.tokenExpiry {
        case .close:
            current.commands.yield(.close("Bye"))
            self.current = nil
        case .invalidTokenFrame:
            current.commands.yield(.text(#"{"module":"build_connection","success":false,"content":"Invalid Token","header":{}}"#))
        case .nothing:
            break
        }
    }

    /// No heartbeat from connection `id` for `seconds` (counting from when it went live).
    func heartbeatOverdue(_ id: Int, after seconds: Double) -> Bool {
        let since = lastHeartbeat[id] ?? Date()
        if lastHeartbeat[id] == nil { lastHeartbeat[id] = since }
        return Date().timeIntervalSince(since) > seconds
    }

    func ended(_ id: Int, reason: String) {
        closes.append(reason)
        lastHeartbeat[id] = nil
        if current?.id == id { current = nil }
    }
}
