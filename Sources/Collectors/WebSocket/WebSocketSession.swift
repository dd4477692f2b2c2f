import Logging
import ServiceLifecycle
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashZoomAPI

/// Carries out ``WebSocketConnectionMachine``'s actions: fetches tokens, opens connections through a
/// ``WebSocketTransport``, sends heartbeats, ticks the machine at its `nextWake` on `clock`, hands
/// `message` frames to the ingest, and reports gaps. Runs until graceful shutdown or cancellation.
struct WebSocketSession<C: Clock>: Sendable where C.Duration == Duration {
    var url: String
    var subscriptionID: String
    var machineSettings = WebSocketConnectionMachine.Settings()
    let transport: any WebSocketTransport
    let tokens: any WebSocketTokenSource
    /// Each connect takes a token with at least this long left, so the socket does not open on a
    /// token about to expire (what Zoom does to a live socket at expiry is unknown).
    var minimumTokenLifetimeSeconds = 300.0
    let clock: C
    /// Unix time, for gaps and status; the machine runs on `clock`.
    let wallNow: @Sendable () -> Double
    let status: WebSocketStatus
    let logger: Logger
    /// Called with each disconnected interval (Unix seconds) once live again; records it and queues
    /// reconciliation.
    let onGap: @Sendable (ClosedRange<Double>) async -> Void
    /// The last moment a previous run of the daemon was live (Unix seconds): the interval from it to
    /// this run's first connection is a gap too (events of a restart or an outage of the daemon).
    var resumedFrom: Double?
    /// Called when live and at each heartbeat with the time, so the next run knows ``resumedFrom``.
    var onAlive: @Sendable (Double) async -> Void = { _ in }
    /// The backoff's jitter; a fixed seed makes a test's delays exact.
    var seed = UInt64.random(in: 0...UInt64.max)

    private enum Event: Sendable {
        case token(Result<String, any Error>)
        case opened(Int)
        case frame(Int, WebSocketFrame)
        case closed(Int, String)
        case tick
        case stop
    }

    static var heartbeat: String { #"{"module":"heartbeat"}"# }

    /// Events committing at once (``CommitWindow``).
    static var eventsInFlight: Int { 64 }

    func run(into ingest: any LiveEventIngest) async {
        let (records, committing) = AsyncStream.makeStream(of: WebhookRecord.self)
        let window = CommitWindow(limit: Self.eventsInFlight)
        await withDiscardingTaskGroup { commits in
            // Outside the connections' group: after a stop, what was read is still committed.
            commits.addTask { await commitAll(records, window: window, into: ingest) }
            await runConnections(committing: committing, window: window)
            committing.finish()
        }
    }

    private func commitAll(_ records: AsyncStream<WebhookRecord>, window: CommitWindow, into ingest: any LiveEventIngest) async {
        await withDiscardingTaskGroup { group in
            for await record in records {
                group.addTask {
                    do {
                        let outcome = try await ingest.ingest(record)
                        status.update { $0.events[outcome, default: 0] += 1 }
                    } catch {
                        status.update { $0.ingestFailures += 1 }
                        logger.error(
                            "could not store a Zoom WebSocket event; Zoom will not send it again",
                            metadata: ["websocket.source": "\(status.name)", "error": "\(error)"])
                    }
                    await window.release()
                }
            }
        }
    }

    private func runConnections(committing: AsyncStream<WebhookRecord>.Continuation, window: CommitWindow) async {
        let (events, input) = AsyncStream.makeStream(of: Event.self)
        let start = clock.now
        let seconds: @Sendable () -> Double = {
            let elapsed = start.duration(to: clock.now).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        let wallStart = wallNow() - seconds()
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var machine = WebSocketConnectionMachine(settings: machineSettings, seed: seed)
                var connections: [Int: AsyncStream<WebSocketOutbound>.Continuation] = [:]
                var lastToken: String?
                var scheduledWake: Double?
                var resumedFrom = self.resumedFrom

                func perform(_ actions: [WebSocketConnectionMachine.Action]) {
                    for action in actions {
                        switch action {
                        case .fetchToken(let refresh, let grant):
                            let stale = refresh ? lastToken : nil
                            let lifetime = minimumTokenLifetimeSeconds
                            group.addTask {
                                if let stale { await tokens.invalidate(stale) }
                                do {
                                    input.yield(.token(.success(try await tokens.token(grant: grant, minimumLifetimeSeconds: lifetime))))
                                } catch {
                                    input.yield(.token(.failure(error)))
                                }
                            }
                        case .connect(let id, let token):
                            lastToken = token
                            let (outbound, writer) = AsyncStream.makeStream(of: WebSocketOutbound.self)
                            connections[id] = writer
                            let address = Self.address(url, subscriptionID: subscriptionID, token: token)
                            group.addTask {
                                let detail: String
                                do {
                                    detail = try await transport.run(
                                        url: address, outbound: outbound, onOpen: { input.yield(.opened(id)) },
                                        onText: { text in await handle(text, id: id, committing: committing, window: window, input: input) })
                                } catch {
                                    detail = "\(error)"
                                }
                                input.yield(.closed(id, detail))
                            }
                        case .sendHeartbeat(let id):
                            connections[id]?.yield(.text(Self.heartbeat))
                            let alive = wallNow()
                            group.addTask { await onAlive(alive) }
                        case .close(let id, _):
                            connections[id]?.yield(.close)
                            connections[id]?.finish()
                            connections[id] = nil
                        case .retry(let reason, let delay, let detail):
                            status.update {
                                $0.reconnects[reason.rawValue, default: 0] += 1
                                $0.lastFailure = detail
                            }
                            logger.warning(
                                "Zoom WebSocket disconnected; reconnecting",
                                metadata: [
                                    "websocket.source": "\(status.name)", "websocket.reason": "\(reason.rawValue)",
                                    "websocket.detail": "\(detail)", "websocket.retry_in_s": "\(Int(delay.rounded(.up)))",
                                ])
                        case .wentLive(let gap):
                            logger.info("Zoom WebSocket live", metadata: ["websocket.source": "\(status.name)", "websocket.connection": "\(machine.connectionID)"])
                            let liveAt = wallNow()
                            group.addTask { await onAlive(liveAt) }
                            var unixGap = gap.map { ($0.lowerBound + wallStart)...($0.upperBound + wallStart) }
                            if let from = resumedFrom, from < liveAt { unixGap = from...liveAt }
                            resumedFrom = nil
                            if let unix = unixGap {
                                status.update {
                                    $0.gapSeconds += unix.upperBound - unix.lowerBound
                                    $0.gaps += 1
                                }
                                group.addTask { await onGap(unix) }
                            }
                        case .grantChanged(let grant):
                            logger.notice(
                                "Zoom accepted the WebSocket token of the \(grant.rawValue) grant after rejecting the other; it is kept (token_grant = \"\(grant.rawValue)\" starts with it)",
                                metadata: ["websocket.source": "\(status.name)", "websocket.grant": "\(grant.rawValue)"])
                        case .taken(let closes):
                            logger.error(
                                "Zoom closed the WebSocket right after it went live, \(closes) times in a row: is another client (a second zoomdashd?) connected to this subscription? Zoom keeps only the newest connection",
                                metadata: ["websocket.source": "\(status.name)", "websocket.subscription": "\(subscriptionID)"])
                        }
                    }
                    status.update {
                        $0.phase = machine.phase
                        $0.connected = machine.phase == .live
                        $0.disconnectedSince = machine.disconnectedSince.map { $0 + wallStart }
                        $0.suspectedTaken = machine.suspectedTaken
                        $0.grant = machine.liveGrant
                    }
                    // One timer at a time for the earliest wake: a flood of frames starts no timers.
                    if let wake = machine.nextWake, scheduledWake.map({ wake < $0 }) ?? true {
                        scheduledWake = wake
                        group.addTask {
                            try? await clock.sleep(until: start.advanced(by: .milliseconds(Int64((wake * 1000).rounded(.up)))), tolerance: nil)
                            input.yield(.tick)
                        }
                    }
                }

                perform(machine.start(now: seconds()))
                for await event in events {
                    let now = seconds()
                    switch event {
                    case .token(.success(let token)): perform(machine.tokenArrived(token, now: now))
                    case .token(.failure(let error)):
                        let rejected = if case ZoomAPIError.authenticationFailed = error { true } else { false }
                        perform(machine.tokenFailed("\(error)", authenticationRejected: rejected, now: now))
                    case .opened(let id): perform(machine.opened(id: id, now: now))
                    case .frame(let id, let frame):
                        status.update { $0.lastFrameAt = wallStart + now }
                        perform(machine.received(frame, id: id, now: now))
                    case .closed(let id, let detail):
                        connections[id]?.finish()
                        connections[id] = nil
                        perform(machine.closed(id: id, detail: detail, now: now))
                    case .tick:
                        scheduledWake = nil
                        perform(machine.tick(now: now))
                    case .stop:
                        perform(machine.stop(now: now))
                    }
                    if machine.phase == .stopped { break }
                }
                for connection in connections.values { connection.finish() }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            input.yield(.stop)
        }
    }

    /// Decodes one text message; an event goes to be committed once the window has room for it (the
    /// analysis orders events by their payload's time, not by when they were committed).
    private func handle(
        _ text: String, id: Int, committing: AsyncStream<WebhookRecord>.Continuation, window: CommitWindow,
        input: AsyncStream<Event>.Continuation
    ) async {
        let frame = WebSocketFrame.decode(text)
        status.update { $0.messagesByModule[frame.module, default: 0] += 1 }
        switch frame {
        case .message(let body):
            do {
                let record = try WebhookParser.parse(body)
                await window.acquire()
                committing.yield(record)
            } catch {
                status.update { $0.ingestFailures += 1 }
                logger.error(
                    "could not read a Zoom WebSocket event; Zoom will not send it again",
                    metadata: ["websocket.source": "\(status.name)", "error": "\(error)"])
            }
            input.yield(.frame(id, .message(body: [])))
        case .other(let module):
            logger.debug("Zoom WebSocket frame of an unknown module", metadata: ["websocket.module": "\(module)"])
            input.yield(.frame(id, frame))
        case .undecodable(let reason):
            logger.notice("undecodable Zoom WebSocket frame", metadata: ["websocket.reason": "\(reason)", "websocket.bytes": "\(text.utf8.count)"])
            input.yield(.frame(id, frame))
        default:
            input.yield(.frame(id, frame))
        }
    }

    /// `url?subscriptionId=…&access_token=…`: Zoom takes the token only in the query string.
    static func address(_ url: String, subscriptionID: String, token: String) -> String {
        url + (url.contains("?") ? "&" : "?") + "subscriptionId=\(escaped(subscriptionID))&access_token=\(escaped(token))"
    }

    static func escaped(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            let char = Character(Unicode.Scalar(byte))
            if char.isASCII && (char.isLetter || char.isNumber || "-._~".contains(char)) {
                result.append(char)
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
