import Foundation
import Hummingbird
public import HummingbirdCore
import LanyardModel
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// The HTTP/1.1 server of `lanyard serve`: Hummingbird's, with an explicit header limit and
/// ``HTTPParserErrorResponder`` in its pipeline.
public func lanyardHTTPServer() -> HTTPServerBuilder {
    .http1(
        configuration: HTTP1Channel.Configuration(
            additionalChannelHandlers: [HTTPParserErrorResponder()],
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: HTTPParserErrorResponder.maxHeaderBytes, maxHeaderListSize: HTTPParserErrorResponder.maxHeaderBytes)))
}

/// Answers a request that the HTTP/1.1 parser refuses with the JSON error body every other error gets
/// (`{"error", "message"}`, mapped in ``ErrorMapping``), then closes the connection.
///
/// Parser errors never reach the router: Hummingbird answers them itself with a bare `400` and no body. This handler
/// sits right after the HTTP decoding and catches the parser's error first: a header block over
/// ``maxHeaderBytes`` is `431 request_header_fields_too_large`, anything else that is not HTTP/1.1 is
/// `400 invalid_request`. When the error comes while earlier (pipelined) requests of the connection are still being
/// answered, the error answer waits until their responses are written, so that responses are never interleaved; when
/// it comes in the middle of a request body, which the route may still be reading, it is passed on to Hummingbird as
/// before (a bare `400`).
final class HTTPParserErrorResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Largest header field, and largest header block, the parser accepts (bytes): Hummingbird's default, made explicit.
    static let maxHeaderBytes = 80 * 1024

    /// Requests read whose response has not been written to its end yet.
    private var unanswered = 0
    /// Whether a request's head has been read but not its end (its body is still coming).
    private var readingBody = false
    /// Whether the parser's error has been taken over (answered, or waiting for earlier responses).
    private var refused = false
    /// The parser's error, to answer once the responses to earlier requests are written.
    private var pending: HTTPParserError?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            readingBody = true
        case .end: readingBody = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .end = unwrapOutboundIn(data), unanswered > 0 else { return }
        unanswered -= 1
        if unanswered == 0, let error = pending {
            pending = nil
            answer(error, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, !readingBody, !refused else {
            context.fireErrorCaught(error)
            return
        }
        refused = true
        if unanswered > 0 {
            pending = parserError
        } else {
            answer(parserError, context: context)
        }
    }

    /// Writes the JSON error answer for `parserError`, then closes the connection.
    private func answer(_ parserError: HTTPParserError, context: ChannelHandlerContext) {
        let status = ErrorMapping.status(for: parserError)
        let body = ByteBuffer(bytes: (try? LanyardJSON.encoder().encode(ErrorMapping.body(forHTTPStatus: status))) ?? Data())
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.contentLength] = String(body.readableBytes)
        headers[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.value.close(promise: nil) }
    }
}
