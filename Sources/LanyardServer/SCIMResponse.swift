import Foundation
import HTTPTypes
import Hummingbird
import LanyardAPI
import LanyardModel
import LanyardSCIM
import Logging
import NIOCore

/// Answers of the SCIM surface: `application/scim+json` always (Entra ID's validator refuses anything else), errors
/// as SCIM error bodies. The mapping of Lanyard's own errors to SCIM errors is here, next to `ErrorMapping`'s.
enum SCIMResponse {
    static let contentType = "application/scim+json"

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.compactBytes)))
    }

    /// Any error as a SCIM error body.
    static func error(_ error: any Error, requestID: String, logger: Logger) -> Response {
        let scim = scimError(error, requestID: requestID, logger: logger)
        var headers = HTTPFields()
        if scim.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return json(scim.json, status: HTTPResponse.Status(code: scim.status), headers: headers)
    }

    static func scimError(_ error: any Error, requestID: String, logger: Logger) -> SCIMError {
        switch error {
        case let error as SCIMError:
            return error
        case let error as LanyardError:
            switch error.code {
            case .invalidRequest: return .badRequest(.invalidSyntax, error.message)
            case .invalidField: return .badRequest(.invalidValue, error.message)
            case .notFound: return .notFound(error.message)
            case .alreadyExists: return .conflict(error.message)
            case .unauthenticated: return SCIMError(status: 401, detail: error.message)
            case .forbidden: return SCIMError(status: 403, detail: error.message)
            case .payloadTooLarge: return SCIMError(status: 413, detail: error.message)
            case .unsupportedMediaType: return SCIMError(status: 415, detail: error.message)
            case .storageUnavailable: return SCIMError(status: 503, detail: error.message)
            default:
                logger.error("SCIM request failed", metadata: ["error": "\(error)"])
                return SCIMError(status: 500, detail: "An unexpected error occurred; it was logged with request id \(requestID).")
            }
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound("There is no SCIM endpoint at this path.")
            case .methodNotAllowed: return SCIMError(status: 405, detail: "This endpoint does not accept that method.")
            default: return SCIMError(status: Int(error.status.code), detail: error.status.reasonPhrase)
            }
        default:
            logger.error("unexpected SCIM error", metadata: ["error": "\(String(reflecting: error))"])
            return SCIMError(status: 500, detail: "An unexpected error occurred; it was logged with request id \(requestID).")
        }
    }

    /// Largest SCIM request body (a group PATCH of thousands of members fits).
    static let maxBytes = 1024 * 1024
    /// Deepest JSON nesting a SCIM body may have (resources nest three levels; PATCH values four).
    static let maxDepth = 32

    /// The body as JSON: `application/scim+json` or `application/json`, at most ``maxBytes``, UTF-8, nested at most
    /// ``maxDepth`` deep.
    static func body(_ request: Request) async throws -> JSONValue {
        let type = MediaType.essence(request.headers[.contentType] ?? "")
        guard type == contentType || type == "application/json" else {
            throw SCIMError(status: 415, detail: "Send the body as application/scim+json (or application/json).")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw SCIMError(status: 413, detail: "The request body is larger than \(maxBytes / 1024) KiB.")
        }
        do {
            return try JSONValue.parse(utf8: Array(buffer.readableBytesView), maxDepth: maxDepth)
        } catch {
            throw SCIMError.badRequest(.invalidSyntax, "The body is not JSON in UTF-8 nested at most \(maxDepth) levels: \(error)")
        }
    }
}
