import HTTPTypes
import NIOCore
import NIOHTTPTypes
import ZoomDashCollectors
import ZoomDashCore
import ZoomDashSinks

/// Zoom's webhook requests, answered from the event loop that read them: verified and parsed there,
/// handed to the ingestor's group commit, and answered through the event loop once the store's thread
/// has committed the event. That is two thread hops per event where the router takes four (event
/// loop → Swift's cooperative pool → the store's thread → the pool → the event loop), and no request,
/// response or task per event.
///
/// It sits after Hummingbird's connection-state handler (``WebhookHTTP1Channel``), so keep-alive,
/// the idle timeout, `Connection: close` and ``ConnectionGuard`` see these requests like any other.
/// Everything else goes on to the router, and so does a webhook request that is out of the ordinary
/// (no `Content-Length`, a body over the limit, `Expect`) or that arrives while the router still owes
/// the connection an answer (a pipelined request must be answered in order): the router answers
/// those as it always did. What arrives while an event commits is held, in order, until the answer
/// is written; once something is held, the socket is read no further until then.
final class WebhookChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private struct Request {
        var signature: String?
        var timestamp: String?
        var length: Int
        /// The client asked to close after the answer (`Connection: close`), as the router honours it.
        var closes: Bool
        var body: ByteBuffer?
    }

    private enum State {
        case idle
        /// A webhook request of ours, until its end.
        case reading(Request)
        /// Answered once the ingestor has committed it.
        case committing
        /// A request of the router's, until its end.
        case passing
    }

    private let endpoint: WebhookEndpoint
    private let ingestor: WebhookIngestor
    private let path: String
    private var state = State.idle
    /// Requests passed on to the router whose answers are not written yet.
    private var routerAnswersOwed = 0
    /// Parts read while an event committed, handled in order once it is answered.
    private var held: [HTTPRequestPart] = []
    private var readRequested = false
    private var removed = false
    private var date = HTTPDate()

    init(endpoint: WebhookEndpoint, ingestor: WebhookIngestor, path: String) {
        self.endpoint = endpoint
        self.ingestor = ingestor
        self.path = path
    }

    func handlerRemoved(context: ChannelHandlerContext) { removed = true }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .committing = state {
            held.append(part)
            return
        }
        handle(part, context)
    }

    /// Reads go on while an event commits, unless the client has sent more already (it pipelines):
    /// holding every read would cost two `epoll_ctl` calls a request, holding none unbounded memory.
    func read(context: ChannelHandlerContext) {
        if case .committing = state, !held.isEmpty {
            readRequested = true
            return
        }
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { routerAnswersOwed -= 1 }
        context.write(data, promise: promise)
    }

    private func handle(_ part: HTTPRequestPart, _ context: ChannelHandlerContext) {
        switch (state, part) {
        case (.idle, .head(let head)):
            if routerAnswersOwed == 0, let request = ours(head) {
                state = .reading(request)
                return
            }
            routerAnswersOwed += 1
            state = .passing
        case (.reading(var request), .body(let chunk)):
            state = .idle  // the buffer is appended to in place, not copied
            if request.body == nil { request.body = chunk } else { request.body!.writeImmutableBuffer(chunk) }
            state = .reading(request)
            return
        case (.reading(let request), .end):
            answer(request, context)
            return
        case (.passing, .end):
            state = .idle
        default:
            break
        }
        context.fireChannelRead(wrapInboundOut(part))
    }

    /// A webhook request this handler answers itself, or nil for the router.
    private func ours(_ head: HTTPRequest) -> Request? {
        guard head.method == .post, let target = head.path, target.split(separator: "?", maxSplits: 1).first.map(String.init) == path,
            head.headerFields[.expect] == nil,
            let length = head.headerFields[.contentLength].flatMap(Int.init), length <= WebhookEndpoint.maxBodyBytes
        else { return nil }
        let connection = head.headerFields[.connection]?.lowercased() ?? ""
        var request = Request(length: length, closes: connection.split(separator: ",").contains { $0.filter { $0 != " " } == "close" })
        // As the router's route reads them: the last of a repeated field.
        for field in head.headerFields {
            if field.name == HTTPServer.signature { request.signature = field.value } else if field.name == HTTPServer.timestamp { request.timestamp = field.value }
        }
        return request
    }

    private func answer(_ request: Request, _ context: ChannelHandlerContext) {
        let body = request.body.map { Array(buffer: $0) } ?? []
        // A connection that closed mid-body ends the body early: not a bad signature, an incomplete request.
        guard body.count == request.length else {
            state = .idle
            return write(WebhookEndpoint.answer(400, "the body is shorter than its Content-Length", .malformed), closing: true, context)
        }
        switch endpoint.decide(signature: request.signature, timestamp: request.timestamp, body: body) {
        case .answer(let answer):
            state = .idle
            write(answer, closing: request.closes, context)
        case .store(let record):
            state = .committing
            let loop = context.eventLoop
            let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
            let closes = request.closes
            ingestor.ingest(record) { result in
                loop.execute {
                    let (handler, context) = bound.value
                    handler.committed(handler.endpoint.answer(storing: record, result), closing: closes, context)
                }
            }
        }
    }

    private func committed(_ answer: WebhookEndpoint.Answer, closing: Bool, _ context: ChannelHandlerContext) {
        state = .idle
        guard !removed else { return }  // the connection closed meanwhile; the event is stored all the same
        write(answer, closing: closing, context)
        let replayed = !held.isEmpty
        while !held.isEmpty {
            if case .committing = state { break }
            handle(held.removeFirst(), context)
        }
        // What was passed on is delivered to the router only at a read's completion, and that
        // completion went by while these parts were held.
        if replayed { context.fireChannelReadComplete() }
        if case .committing = state { return }
        if readRequested {
            readRequested = false
            context.read()
        }
    }

    private func write(_ answer: WebhookEndpoint.Answer, closing: Bool, _ context: ChannelHandlerContext) {
        endpoint.runtime.metrics.webhookRequest(answer.outcome)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(answer.body.count)
        fields[.date] = date.text(at: Runtime.now())
        if closing { fields[.connection] = "close" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: answer.status), headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: answer.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
