import ArgumentParser
import Foundation
import ZoomSimKit

/// The fake WebSocket's fault switches, shared by `zoomsim websocket` and `zoomsim serve`
/// (docs/websocket.md, "zoomsim's fake endpoint").
struct WebSocketFaultFlags: ParsableArguments {
    @Option(name: .customLong("handshake-failure"), help: "build_connection fails with this content (Invalid Token, Token is invalid, token is empty, …).")
    var handshakeFailure: String?
    @Option(name: .customLong("handshake-failures"), help: "Fail only the first N handshakes.") var handshakeFailures: Int?
    @Flag(name: .customLong("no-heartbeat-replies")) var noHeartbeatReplies = false
    @Option(name: .customLong("heartbeat-timeout"), help: "Close a connection that sent no heartbeat for this many seconds.")
    var heartbeatTimeout: Double?
    @Option(name: .customLong("token-expiry"), help: "What a token's expiry does to its live socket: close, frame or nothing.")
    var tokenExpiry = "nothing"
    @Option(name: .customLong("accept-grants"), help: "Accept only tokens of these grants on the socket, comma-separated (account_credentials, client_credentials).")
    var acceptGrants: String?
    @Option(name: .customLong("duplicate-every")) var duplicateEvery: Int?
    @Option(name: .customLong("reorder-window")) var reorderWindow: Int?
    @Option(name: .customLong("unknown-module-every")) var unknownModuleEvery: Int?
    @Flag(name: .customLong("content-as-object")) var contentAsObject = false
    @Flag(name: .customLong("message-envelope"), help: "Add success and header to message frames.") var messageEnvelope = false
    @Option(name: .customLong("max-frame-bytes"), help: "Longer messages go out fragmented.") var maxFrameBytes = 16 << 10

    func validate() throws {
        guard WebSocketFaults.TokenExpiry(rawValue: tokenExpiry) != nil else { throw ValidationError("--token-expiry must be close, frame or nothing") }
        if let grants = grantSet, !grants.isSubset(of: ["account_credentials", "client_credentials"]) {
            throw ValidationError("--accept-grants takes account_credentials and/or client_credentials")
        }
        guard maxFrameBytes >= 1 else { throw ValidationError("--max-frame-bytes must be at least 1") }
    }

    private var grantSet: Set<String>? {
        acceptGrants.map { Set($0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
    }

    var faults: WebSocketFaults {
        var faults = WebSocketFaults()
        faults.handshakeFailure = handshakeFailure
        faults.handshakeFailures = handshakeFailures
        faults.heartbeatReplies = !noHeartbeatReplies
        faults.heartbeatTimeoutSeconds = heartbeatTimeout
        faults.tokenExpiry = WebSocketFaults.TokenExpiry(rawValue: tokenExpiry) ?? .nothing
        faults.acceptedGrants = grantSet
        faults.duplicateEvery = duplicateEvery
        faults.reorderWindow = reorderWindow
        faults.unknownModuleEvery = unknownModuleEvery
        faults.contentAsObject = contentAsObject
        faults.messageEnvelopeFields = messageEnvelope
        faults.maxFrameBytes = maxFrameBytes
        return faults
    }
}

/// What to replay over the socket, and the scripted stall and reset.
struct WebSocketReplayFlags: ParsableArguments {
    @Option(help: "Replay N times faster than real time; default: as fast as possible.") var speed: Double?
    @Option(help: "Only events at or after this time (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss, UTC).") var since: String?
    @Option(name: .customLong("max-events"), help: "Send only the first N events.") var maxEvents: Int?
    @Option(name: .customLong("stall-after"), help: "Stop sending anything after N events, for --stall-seconds.") var stallAfter: Int?
    @Option(name: .customLong("stall-seconds")) var stallSeconds: Double = 90
    @Option(name: .customLong("reset-after"), help: "Drop the connection (no close frame) after N events.") var resetAfter: Int?
    @Option(name: .customLong("lose"), help: "Events sent into a stall or reset (lost, as Zoom sends them to nobody) before waiting for the client.")
    var lose = 0

    func validate() throws {
        if let speed, speed <= 0 { throw ValidationError("--speed must be positive") }
        guard lose >= 0 else { throw ValidationError("--lose must be 0 or more") }
        if let since, UTCTime.parseDay(since) == nil, UTCTime.parseDayTime(since) == nil {
            throw ValidationError("--since must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss")
        }
    }

    /// Whether any of these flags was given (serve takes them only with --websocket-replay).
    var anyGiven: Bool { speed != nil || since != nil || maxEvents != nil || stallAfter != nil || resetAfter != nil }

    func replay(_ scenario: Scenario, accountID: String, hub: WebSocketHub) -> WebSocketReplay {
        let sinceSecond = since.flatMap { UTCTime.parseDayTime($0) ?? UTCTime.parseDay($0) }.map(Int64.init)
        return WebSocketReplay(
            events: WebSocketReplay.events(of: scenario, accountID: accountID, since: sinceSecond, maxEvents: maxEvents), hub: hub,
            speed: speed, stallAfter: stallAfter, stallSeconds: stallSeconds, resetAfter: resetAfter, lostEvents: lose)
    }
}
