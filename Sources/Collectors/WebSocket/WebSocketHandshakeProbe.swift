import Foundation
import Logging
import ZoomDashCore

/// One handshake with a WebSocket subscription, for `zoomdashctl doctor`: connect with the token,
/// read `build_connection`, watch a moment for Zoom closing us again (another client taking the
/// subscription back), then close. Judged by `success`; the wording only explains a failure.
public struct WebSocketHandshakeProbe: Sendable {
    public enum Outcome: Sendable, Equatable {
        case accepted
        /// Accepted, then closed by Zoom within the watch: another client took the subscription back.
        case acceptedThenReplaced(detail: String)
        case rejected(content: String)
        /// No `build_connection` before the socket closed or the time ran out.
        case noHandshake(detail: String)
        case unreachable(detail: String)
    }

    public var settings: WebSocketSourceSettings
    public var timeoutSeconds = 10.0
    /// How long to stay connected after the handshake, to see whether Zoom hands the subscription back.
    public var watchSeconds = 2.0
    let transport: any WebSocketTransport

    public init(settings: WebSocketSourceSettings, logger: Logger) {
        self.settings = settings
        transport = WSClientTransport(logger: logger)
    }

    init(settings: WebSocketSourceSettings, transport: any WebSocketTransport) {
        self.settings = settings
        self.transport = transport
    }

    /// Whether a zoomdashd holds this subscription's lock in `lockDirectory` (it is connected, or trying):
    /// a handshake now would take the subscription from it.
    public static func heldByADaemon(settings: WebSocketSourceSettings, lockDirectory: String) -> Bool {
        do {
            let lock = try SubscriptionLock(directory: settings.lockDirectory ?? lockDirectory, subscriptionID: settings.subscriptionID)
            withExtendedLifetime(lock) {}
            return false
        } catch {
            if case .subscriptionInUse = error { return true }
            return false
        }
    }

    /// One handshake, and a second when the first socket stayed silent: the client library can lose
    /// frames that arrive during its upgrade (docs/websocket.md), and one lost frame is no verdict
    /// on the subscription.
    public func run(token: String) async -> Outcome {
        let outcome = await attempt(token: token)
        guard case .noHandshake = outcome else { return outcome }
        return await attempt(token: token)
    }

    private func attempt(token: String) async -> Outcome {
        let address = WebSocketSession<ContinuousClock>.address(settings.url, subscriptionID: settings.subscriptionID, token: token)
        let (outbound, writer) = AsyncStream.makeStream(of: WebSocketOutbound.self)
        let (accepted, accept) = AsyncStream.makeStream(of: Void.self)
        let first = FirstFrame()
        let timeout = timeoutSeconds
        let watch = watchSeconds
        enum Step: Sendable {
            case done(Outcome)
            case timedOut
            case watched
        }
        return await withTaskGroup(of: Step.self) { group in
            group.addTask {
                do {
                    let detail = try await transport.run(url: address, outbound: outbound, onOpen: {}) { text in
                        let frame = WebSocketFrame.decode(text)
                        guard await first.set(frame) else { return }
                        if case .buildConnection(true, _) = frame { accept.yield() } else { writer.yield(.close) }
                    }
                    switch await first.frame {
                    case .buildConnection(true, _)?: return .done(await first.closedByUs ? .accepted : .acceptedThenReplaced(detail: detail))
                    case .buildConnection(false, let content)?, .tokenRejected(let content)?: return .done(.rejected(content: content))
                    default: return .done(.noHandshake(detail: detail))
                    }
                } catch {
                    return .done(.unreachable(detail: "\(error)"))
                }
            }
            // Stay a moment after the handshake: a client that holds the subscription elsewhere
            // reconnects and Zoom closes us (the newest wins); then close ourselves.
            group.addTask {
                for await _ in accepted {
                    try? await Task.sleep(for: .milliseconds(Int64(watch * 1000)))
                    await first.markClosed()
                    writer.yield(.close)
                    break
                }
                return .watched
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64((timeout + watch) * 1000)))
                return .timedOut
            }
            var outcome = Outcome.noHandshake(detail: "no build_connection within \(Int(timeout)) s")
            while let step = await group.next() {
                if case .watched = step { continue }
                if case .done(let result) = step { outcome = result }
                break
            }
            writer.finish()
            accept.finish()
            group.cancelAll()
            return outcome
        }
    }

    /// The first frame, and whether we were the ones to close after it.
    private actor FirstFrame {
        var frame: WebSocketFrame?
        var closedByUs = false

        /// Records the first frame; false for any later one.
        func set(_ frame: WebSocketFrame) -> Bool {
            guard self.frame == nil else { return false }
            self.frame = frame
            return true
        }

        func markClosed() { closedByUs = true }
    }
}
