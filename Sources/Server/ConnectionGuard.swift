import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The connections of the HTTP listener, so that no one who can reach the endpoint can exhaust the
/// daemon's file descriptors or lock Zoom out: at most `limit` at once. When full, a new connection
/// takes the place of the oldest one that is *waiting* (has not sent a complete request head yet: a
/// slow or silent client), else of the oldest *idle* one (its last answer written, no new request);
/// only when every connection is busy with a request is the new one closed at once. A busy
/// connection (a request being read or answered) is never closed to make room.
final class ConnectionRegistry: Sendable {
    enum Phase { case waiting, busy, idle }

    private struct State {
        var next: UInt64 = 0
        var open: [UInt64: (channel: any Channel, phase: Phase)] = [:]
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
                // Ids grow with time: the smallest is the oldest. Scanned only when full.
                let victim = state.open.filter { $0.value.phase == .waiting }.keys.min()
                    ?? state.open.filter { $0.value.phase == .idle }.keys.min()
                guard let victim else { return (nil, nil) }
                evicted = state.open.removeValue(forKey: victim)?.channel
            }
            state.next += 1
            state.open[state.next] = (channel, .waiting)
            return (state.next, evicted)
        }
        evicted?.close(promise: nil)
        return id
    }

    func set(_ id: UInt64, _ phase: Phase) {
        state.withLock { state in state.open[id]?.phase = phase }
    }

    func closed(_ id: UInt64) {
        state.withLock { state in _ = state.open.removeValue(forKey: id) }
    }
}

/// Per connection, after HTTP decoding: registers it with the ``ConnectionRegistry`` and tells it
/// the connection's phase; closes it when its first request head does not arrive within
/// `headerTimeout`, or a request's body does not end within `bodyTimeout` of the read that brought
/// its head (Hummingbird's idle timeout covers the gaps between requests); and closes it once an
/// answer marked `Connection: close` is written (Hummingbird goes on reading otherwise). Deadlines
/// are event-loop tasks, cancelled for good when met: a timer per request in Swift's concurrency
/// runtime lingers after cancellation (measured: 110 MiB more resident memory under the webhook
/// benchmark). The body's deadline is set only for a request still unfinished when a read ends:
/// nearly every webhook arrives whole in one read, and a task scheduled and cancelled for each cost
/// ~3 µs an event at 2,000 events/s.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let registry: ConnectionRegistry
    private let headerTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private var id: UInt64?
    private var deadline: Scheduled<Void>?
    /// A request's head has arrived, its end not yet.
    private var readingRequest = false
    private var closeAfterAnswer = false

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

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            if let id {
                registry.set(id, .busy)
                disarm()  // the first request's header deadline
                readingRequest = true
            }
        case .end:
            readingRequest = false
            disarm()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if readingRequest && deadline == nil { arm(bodyTimeout, context) }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.headerFields[.connection] == "close" { closeAfterAnswer = true }
            context.write(data, promise: promise)
        case .end:
            if closeAfterAnswer {
                // Unread bytes (a refused body) must not keep the socket: close once the answer is out.
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.cascade(to: promise)
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                context.write(data, promise: written)
            } else {
                if let id { registry.set(id, .idle) }
                context.write(data, promise: promise)
            }
        case .body:
            context.write(data, promise: promise)
        }
    }

    private func arm(_ timeout: TimeAmount, _ context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            self?.deadline = nil
            context.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }

    private func release() {
        disarm()
        if let id { registry.closed(id) }
        id = nil
    }
}
