import Logging
import Synchronization
import Testing
@testable import ZoomDashCollectors
import ZoomDashCore
import ZoomDashPipeline

/// The executor `WebSocketSession` on a stepping clock and a transport the test drives: the
/// handshake, the heartbeat schedule, the watchdog, the backoff with its jitter, and a token refresh
/// with the minimum life at connect. No sleeps: the test waits for the session's timers and frames.
@Suite(.timeLimit(.minutes(5)))
struct WebSocketSessionTests {
    /// One connection the session opened; the test plays the server.
    final class Connection: Sendable {
        enum Command: Sendable {
            case open(CheckedContinuation<Void, Never>)
            case text(String, CheckedContinuation<Void, Never>)
            case end(String)
        }

        let url: String
        let commands: AsyncStream<Command>.Continuation
        /// What the session wrote (heartbeats, a close), in order.
        let sent: AsyncStream<WebSocketOutbound>

        init(url: String, commands: AsyncStream<Command>.Continuation, sent: AsyncStream<WebSocketOutbound>) {
            self.url = url
            self.commands = commands
            self.sent = sent
        }

        /// Returns once the session has the event queued (it handles events in order, so a clock
        /// step after this comes after it).
        func open() async { await withCheckedContinuation { commands.yield(.open($0)) } }
        func send(_ text: String) async { await withCheckedContinuation { commands.yield(.text(text, $0)) } }
        func end(_ detail: String) { commands.yield(.end(detail)) }
    }

    final class DrivenTransport: WebSocketTransport {
        let connections: AsyncStream<Connection>
        private let newConnection: AsyncStream<Connection>.Continuation

        init() {
            (connections, newConnection) = AsyncStream.makeStream(of: Connection.self)
        }

        func run(
            url: String, outbound: AsyncStream<WebSocketOutbound>, onOpen: @escaping @Sendable () async -> Void,
            onText: @escaping @Sendable (String) async -> Void
        ) async throws -> String {
            let (commands, input) = AsyncStream.makeStream(of: Connection.Command.self)
            let (sent, sentInput) = AsyncStream.makeStream(of: WebSocketOutbound.self)
            newConnection.yield(Connection(url: url, commands: input, sent: sent))
            return await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    for await command in outbound { sentInput.yield(command) }
                    return nil
                }
                group.addTask {
                    for await command in commands {
                        switch command {
                        case .open(let done):
                            await onOpen()
                            done.resume()
                        case .text(let text, let done):
                            await onText(text)
                            done.resume()
                        case .end(let detail): return detail
                        }
                    }
                    return "cancelled"
                }
                while let next = await group.next() {
                    if let next {
                        group.cancelAll()
                        return next
                    }
                }
                return "ended"
            }
        }
    }

    final class Tokens: WebSocketTokenSource {
        struct Request: Equatable {
            var grant: ZoomTokenGrant
            var minimumLifetime: Double
        }

        let requests = Mutex<[Request]>([])
        let invalidated = Mutex<[String]>([])

        func token(grant: ZoomTokenGrant, minimumLifetimeSeconds: Double) async throws -> String {
            requests.withLock {
                $0.append(Request(grant: grant, minimumLifetime: minimumLifetimeSeconds))
                return "tok-\($0.count)"
            }
        }

        func invalidate(_ token: String) async { invalidated.withLock { $0.append(token) } }
    }

    struct NoIngest: LiveEventIngest {
        func ingest(_ record: WebhookRecord) async throws -> IngestOutcome { .stored }
    }

    static let success = #"{"module":"build_connection","success":true,"content":"ok","header":{}}"#
    static let heartbeatReply = #"{"module":"heartbeat","success":true,"content":"live","header":{}}"#
    static let wallStart = 1_800_000_000.0

    /// Seconds as the session reads its clock.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Where the session sets its timer for a wake `delay` seconds after `from`.
    static func wake(after from: Duration, _ delay: Double) -> Duration {
        .milliseconds(Int64(((seconds(from) + delay) * 1000).rounded(.up)))
    }

    @Test func handshakeHeartbeatsWatchdogBackoffAndTokenRefreshOnAManualClock() async throws {
        let clock = SteppingClock()
        let transport = DrivenTransport()
        let tokens = Tokens()
        let status = WebSocketStatus(name: "ws")
        let (gaps, gapInput) = AsyncStream.makeStream(of: ClosedRange<Double>.self)
        let seed: UInt64 = 42
        let session = WebSocketSession(
            url: "ws://zoom.test/ws", subscriptionID: "sub id", transport: transport, tokens: tokens, clock: clock,
            wallNow: { Self.wallStart + Double(clock.now.offset.components.seconds) }, status: status, logger: Logger(label: "test"),
            onGap: { gapInput.yield($0) }, seed: seed)
        var expectedBackoff = WebSocketBackoff(seed: seed)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await session.run(into: NoIngest()) }
            var connections = transport.connections.makeAsyncIterator()

            // Handshake: the token (with 5 minutes of life at least) goes in the query string.
            let first = try #require(await connections.next())
            var firstSent = first.sent.makeAsyncIterator()
            #expect(first.url == "ws://zoom.test/ws?subscriptionId=sub%20id&access_token=tok-1")
            #expect(tokens.requests.withLock { $0 } == [.init(grant: .accountCredentials, minimumLifetime: 300)])
            await clock.sleeper(at: .seconds(10))  // the upgrade's deadline
            await first.open()
            await first.send(Self.success)
            // Live: nothing is sent before 25 s; the handshake's old timer wakes at 10 s and sets the heartbeat's.
            clock.advance(to: .seconds(10))
            await clock.sleeper(at: .seconds(25))
            #expect(status.snapshot.connected)
            clock.advance(to: .seconds(25))
            #expect(await firstSent.next() == .text(#"{"module":"heartbeat"}"#))
            // Zoom answers: the watchdog counts from the answer (25 + 60), the next heartbeat at 50.
            await first.send(Self.heartbeatReply)
            await clock.sleeper(at: .seconds(50))
            clock.advance(to: .seconds(50))
            #expect(await firstSent.next() == .text(#"{"module":"heartbeat"}"#))
            // No answer any more (a stall): heartbeats go on at 75, and at 85 the watchdog closes it.
            await clock.sleeper(at: .seconds(75))
            clock.advance(to: .seconds(75))
            #expect(await firstSent.next() == .text(#"{"module":"heartbeat"}"#))
            await clock.sleeper(at: .seconds(85))
            clock.advance(to: .seconds(85))
            #expect(await firstSent.next() == .close)
            first.end("closed by us")

            // Backoff with full jitter from the seed: each failed attempt waits exactly the next delay,
            // at most the ceiling that doubles from 1 s.
            var failedAt = Duration.seconds(85)
            for attempt in 0..<3 {
                let delay = expectedBackoff.nextDelay()
                #expect(delay >= 1 && delay <= Double(1 << attempt), "attempt \(attempt): \(delay)")
                let wake = Self.wake(after: failedAt, delay)
                await clock.sleeper(at: wake)
                if attempt == 0 {
                    #expect(status.snapshot.reconnects == ["watchdog": 1])
                    #expect(!status.snapshot.connected)
                }
                clock.advance(to: wake)
                let refused = try #require(await connections.next())
                refused.end("connection refused")
                failedAt = wake
            }

            // Zoom rejects the token: a fresh one at once (the rejected one forgotten), then live again.
            let wake = Self.wake(after: failedAt, expectedBackoff.nextDelay())
            await clock.sleeper(at: wake)
            #expect(status.snapshot.reconnects == ["watchdog": 1, "connect_failed": 3])
            clock.advance(to: wake)
            let rejected = try #require(await connections.next())
            var rejectedSent = rejected.sent.makeAsyncIterator()
            await rejected.open()
            await rejected.send(#"{"module":"build_connection","success":false,"content":"Token is invalid","header":{}}"#)
            #expect(await rejectedSent.next() == .close)
            rejected.end("close 1000 Bye")
            let fresh = try #require(await connections.next())
            #expect(tokens.invalidated.withLock { $0 } == ["tok-5"])
            #expect(fresh.url.hasSuffix("access_token=tok-6"))
            #expect(tokens.requests.withLock { $0 }.allSatisfy { $0 == .init(grant: .accountCredentials, minimumLifetime: 300) })
            await fresh.open()
            await fresh.send(Self.success)
            // Live: the heartbeat 25 s on (its timer set once the stale handshake timer went off).
            clock.advance(to: Self.wake(after: wake, 10))
            await clock.sleeper(at: Self.wake(after: wake, 25))
            #expect(status.snapshot.connected)
            #expect(status.snapshot.reconnects["handshake_failed"] == 1)
            // The gap runs from the watchdog's close to the fresh handshake, in wall time.
            var gapIterator = gaps.makeAsyncIterator()
            let gap = try #require(await gapIterator.next())
            #expect(gap.lowerBound == Self.wallStart + 85)
            #expect(gap.upperBound == Self.wallStart + Self.seconds(wake))
            group.cancelAll()
        }
    }
}
