import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Rewrites the `Date` header of every answer to the simulator's clock plus a skew, so that a client
/// can be shown a server whose clock disagrees with its own (`SimulatorConfig.dateSkewSeconds`).
/// Sits after the HTTP codec: the HTTP server sets its own `Date` once the responder is done.
final class DateHeaderWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let date: @Sendable () -> Date

    init(date: @escaping @Sendable () -> Date) {
        self.date = date
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var part = unwrapOutboundIn(data)
        if case .head(var head) = part {
            head.headerFields[.date] = UTCTime.httpDate(date())
            part = .head(head)
        }
        context.write(wrapOutboundOut(part), promise: promise)
    }
}
