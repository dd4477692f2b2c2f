import HummingbirdCore
import NIOHTTPTypes
import NIOCore
import Synchronization

/// The connections of the HTTP listener, so that no one who can reach the endpoint can exhaust the
/// daemon's file descriptors: at most `limit` at once. When full, the oldest connection that has not
/// sent a complete request head yet (a slow or silent client) is closed to make room; if every
/// connection has sent one, the new connection is closed at once. Established connections (Zoom's
/// keep-alive senders) are never the ones closed.
final class ConnectionRegistry: Sendable {
    private struct State {
        var next: UInt64 = 0
        var open: [UInt64: any Channel] = [:]
        /// Connections without a request head yet, oldest first.
        var waiting: [UInt64] = []
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    /// A new connection: its id, or nil when it must be closed at once.
    func admit(_ channel: any Channel) -> UInt64? {
        let (id, evicted) = state.withLock { state -> (UInt64?, (any Channel)?) in
            var evicted: (any Channel)?
            if state.open.count >= limit {
                guard !state.waiting.isEmpty else { return (nil, nil) }
                let oldest = state.waiting.removeFirst()
                evicted = state.open.removeValue(forKey: oldest)
            }
            state.next += 1
            state.open[state.next] = channel
            state.waiting.append(state.next)
            return (state.next, evicted)
        }
        evicted?.close(promise: nil)
        return id
    }

    /// The connection sent a complete request head: it is established.
    func established(_ id: UInt64) {
        state.withLock { state in state.waiting.removeAll { $0 == id } }
    }

    func closed(_ id: UInt64) {
        state.withLock { state in
            state.open[id] = nil
            state.waiting.removeAll { $0 == id }
        }
    }

    var count: Int { state.withLock { $0.open.count } }
}

/// Per connection, after HTTP decoding: registers it with the ``ConnectionRegistry``, closes it when
/// its first request head does not arrive within `headerTimeout`, or a request's body does not end
/// within `bodyTimeout` of its head (Hummingbird's idle timeout covers the gaps between requests on a
/// kept-alive connection). Deadlines are event-loop tasks, cancelled for good when met: a timer per
/// request in Swift's concurrency runtime would linger after cancellation (measured: 110 MiB more
/// resident memory under the webhook benchmark).
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let registry: ConnectionRegistry
    private let headerTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private var id: UInt64?
    private var deadline: Scheduled<Void>?

    init(registry: ConnectionRegistry, headerTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.registry = registry
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard let id = registry.admit(context.channel) else {
            context.close(promise: nil)
            return
        }
        self.id = id
        arm(headerTimeout, context)
    }

    private func arm(_ timeout: TimeAmount, _ context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            self?.deadline = nil
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            if let id {
                registry.established(id)
                arm(bodyTimeout, context)
            }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body: break
        }
        context.fireChannelRead(data)
    }

    private func release() {
        deadline?.cancel()
        deadline = nil
        if let id { registry.closed(id) }
        id = nil
    }
}
