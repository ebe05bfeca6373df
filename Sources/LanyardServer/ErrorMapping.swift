import Foundation
package import HTTPTypes
package import Hummingbird
import LanyardCredentials
import LanyardAPI
package import LanyardModel
import Logging
import NIOHTTP1

/// The one place where errors become HTTP responses.
///
/// - A ``LanyardError`` keeps its code and sentence and gets the status of its code.
/// - A ``ProtectedResourceRefusal`` (a protected resource turning an access token away, the MCP gateway) is `401` —
///   `403` for `insufficient_scope` — with its challenge in `WWW-Authenticate`.
/// - A Hummingbird `HTTPError` (no such route, method not allowed, body too large) gets a code derived from its
///   status, and keeps its headers (the `Allow` of a `405`).
/// - A request the HTTP/1.1 parser cannot read (answered before routing, by ``HTTPParserErrorResponder``) gets
///   the status of its `HTTPParserError` and the same body shape.
/// - Anything else is logged with the request id and answered with an opaque `internal_error`.
enum ErrorMapping {
    static func status(for code: LanyardError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidRequest, .invalidCursor: .badRequest
        case .invalidField: .unprocessableContent
        case .notFound: .notFound
        case .alreadyExists, .invalidState: .conflict
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .payloadTooLarge: .contentTooLarge
        case .rateLimited: .tooManyRequests
        case .unsupportedMediaType: .unsupportedMediaType
        case .storageUnavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    /// RFC 6749 §5.2: 401 for a failed client authentication (`invalid_client`), 503 for `temporarily_unavailable`
    /// (an external issuer's keys could not be fetched; retry later), 400 for every other OAuth error. A protected
    /// resource's refusal of its access token (an error with a challenge) is 401 whatever its code (RFC 6750 §3.1,
    /// RFC 9449 §7.1).
    static func status(for code: OAuthError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidClient: .unauthorized
        case .temporarilyUnavailable: .serviceUnavailable
        default: .badRequest
        }
    }

    /// A request the HTTP/1.1 parser refused: `431` when its header block is over the parser's limit (RFC 6585 §5),
    /// `400` for anything else that is not HTTP/1.1.
    static func status(for error: HTTPParserError) -> HTTPResponse.Status {
        switch error {
        case .headerOverflow: .requestHeaderFieldsTooLarge
        default: .badRequest
        }
    }

    static func response(for error: any Error, requestID: String, logger: Logger) -> Response {
        let body: ErrorBody
        let status: HTTPResponse.Status
        var headers = HTTPFields()
        switch error {
        case let error as OAuthError:
            var headers = HTTPFields()
            headers[.pragma] = "no-cache"
            if let scheme = error.challenge { headers[.wwwAuthenticate] = Self.challenge(scheme: scheme, error: error) }
            return JSONResponse.make(
                OAuthErrorBody(error: error.code.rawValue, error_description: error.description),
                status: error.challenge == nil ? Self.status(for: error.code) : .unauthorized, headers: headers
            )
        case let refusal as ProtectedResourceRefusal:
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = refusal.challenge.headerValue
            let status: HTTPResponse.Status = refusal.isForbidden ? .forbidden : .unauthorized
            guard let error = refusal.challenge.error else {
                return JSONResponse.make(
                    ErrorBody(error: LanyardError.Code.unauthenticated.rawValue, message: refusal.message), status: status, headers: headers)
            }
            return JSONResponse.make(OAuthErrorBody(error: error, error_description: refusal.message), status: status, headers: headers)
        case let error as LanyardError:
            status = Self.status(for: error.code)
            body = ErrorBody(error: error.code.rawValue, message: error.message, field: error.field)
            if status == .internalServerError || status == .serviceUnavailable {
                logger.error("request failed", metadata: ["error": "\(error)"])
            }
        case let error as HTTPError:
            status = error.status
            body = Self.body(forHTTPStatus: error.status)
            headers = error.headers  // e.g. the `Allow` of a 405
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            status = .internalServerError
            body = ErrorBody(
                error: LanyardError.Code.internal.rawValue,
                message: "An unexpected error occurred; it was logged with request id \(requestID).")
        }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return JSONResponse.make(body, status: status, headers: headers)
    }

    /// RFC 6750 §3 / RFC 9449 §7.1 challenge for a refused access token: the scheme, the error code and its
    /// sentence, and for DPoP the accepted proof algorithms (written by ``ResourceChallenge``).
    static func challenge(scheme: String, error: OAuthError) -> String {
        ResourceChallenge(
            scheme: scheme, error: error.code.rawValue, errorDescription: error.description,
            algorithms: scheme == "DPoP" ? DPoPPublicKey.acceptedAlgorithms.sorted() : []
        ).headerValue
    }

    static func body(forHTTPStatus status: HTTPResponse.Status) -> ErrorBody {
        switch status {
        case .notFound: ErrorBody(error: "not_found", message: "There is no such route.")
        case .methodNotAllowed: ErrorBody(error: "method_not_allowed", message: "This route does not accept that method.")
        case .contentTooLarge: ErrorBody(error: "payload_too_large", message: "The request body is larger than the server accepts.")
        case .badRequest: ErrorBody(error: "invalid_request", message: "The request is malformed.")
        case .requestHeaderFieldsTooLarge:
            ErrorBody(
                error: "request_header_fields_too_large",
                message:
                    "The request's header block is larger than the server accepts (\(HTTPParserErrorResponder.maxHeaderBytes / 1024) KiB); send fewer or smaller headers."
            )
        default: ErrorBody(error: "http_\(status.code)", message: status.reasonPhrase)
        }
    }
}

/// Turns every error thrown below it into a JSON error response (outermost middleware).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = LanyardRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return ErrorMapping.response(for: error, requestID: context.requestID, logger: context.logger)
        }
    }
}

/// Encoding of JSON response bodies.
package enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let data = (try? LanyardJSON.encoder().encode(value)) ?? Data(#"{"error":"internal_error","message":"The response could not be encoded."}"#.utf8)
        return make(body: ByteBuffer(bytes: data), status: status, headers: headers)
    }

    /// A response written by ``CompactJSONEncoder`` (the hot-path answers: tokens, introspection, SVIDs): the bytes
    /// ``make(_:status:headers:)`` writes, without Foundation's intermediate representation.
    package static func make(compact value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        guard let bytes = try? CompactJSONEncoder().bytes(value) else { return make(value, status: status, headers: headers) }
        return make(body: ByteBuffer(bytes: bytes), status: status, headers: headers)
    }

    /// A response carrying `value` as compact JSON, written by ``JSONValue``'s own writer (the MCP gateway's answers).
    package static func make(json value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        make(body: ByteBuffer(bytes: value.compactBytes), status: status, headers: headers)
    }

    private static func make(body: ByteBuffer, status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
