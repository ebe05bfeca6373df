import Foundation
import Hummingbird
import LanyardAPI
import LanyardModel
import NIOCore

/// Reading JSON request bodies: `Content-Type: application/json` required, UTF-8 only, bounded in size and depth, no
/// unknown fields.
enum RequestBody {
    /// Largest body accepted by the admin API.
    static let maxBytes = 64 * 1024
    /// Deepest nesting accepted.
    static let maxDepth = 16

    static func decode<T: StrictDecodable>(_ type: T.Type, from request: Request, maxBytes: Int = maxBytes) async throws -> T {
        // A body without a Content-Type is not declared JSON: refused like any other type (docs/api.md).
        guard isJSON(request) else {
            throw LanyardError(.unsupportedMediaType, "Send the request body as application/json (with that Content-Type).")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw LanyardError(.payloadTooLarge, "The request body is larger than \(maxBytes / 1024) KiB.")
        }
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw LanyardError(.invalidRequest, "The request needs a JSON object body.") }
        let text = try requireUTF8(buffer.readableBytesView)
        // A bare number, string, boolean or null is not a JSON text a body may be (as Foundation's reader had it).
        guard let object = try? JSONValue.parse(text, maxDepth: parseDepth), object.isContainer else {
            throw LanyardError(.invalidRequest, "The request body is not valid JSON.")
        }
        guard case .object(let fields) = object else {
            throw LanyardError(.invalidRequest, "The request body must be a JSON object.")
        }
        guard depth(of: object) <= maxDepth else {
            throw LanyardError(.invalidRequest, "The request body is nested more than \(maxDepth) levels deep.")
        }
        let unknown = fields.keys.filter { !T.allowedFields.contains($0) }.sorted()
        if let first = unknown.first {
            let allowed = T.allowedFields.sorted().joined(separator: ", ")
            throw LanyardError(.invalidRequest, "Unknown field '\(first.prefix(64))'; this request accepts: \(allowed).", field: String(first.prefix(64)))
        }
        // An optional field is left out, never null: `null` is not a string, a number or an object (openapi.yaml).
        if let null = fields.filter({ $0.value == .null }).map(\.key).sorted().first {
            throw LanyardError(.invalidRequest, "Field '\(null)' is null; leave it out instead.", field: null)
        }
        do {
            return try LanyardJSON.decoder().decode(T.self, from: data)
        } catch let error as LanyardError {
            throw error
        } catch let DecodingError.keyNotFound(key, _) {
            throw LanyardError.invalid(key.stringValue, "\(key.stringValue) is required.")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw LanyardError(.invalidRequest, "Field '\(path)' has the wrong type.", field: path)
        } catch {
            throw LanyardError(.invalidRequest, "The request body does not match this request's fields.")
        }
    }

    /// A JSON body as text, for callers that parse it themselves (AuthZEN requests, Cedar entity data): JSON
    /// content type, at most `maxBytes`, valid UTF-8.
    /// - Parameter nonJSON: the error code for another content type: `unsupported_media_type` (415) on the admin
    ///   API; AuthZEN asks for `invalid_request` (400).
    static func text(from request: Request, maxBytes: Int, nonJSON: LanyardError.Code = .unsupportedMediaType) async throws -> String {
        guard isJSON(request) else {
            throw LanyardError(nonJSON, "Send the request body as application/json.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw LanyardError(.payloadTooLarge, "The request body is larger than \(maxBytes / 1024) KiB.")
        }
        return try requireUTF8(buffer.readableBytesView)
    }

    /// Whether the request declares its body `application/json` (parameters such as `charset` aside). Another type that
    /// merely begins the same way (`application/json-patch+json`, `application/jsonx`) is not JSON here.
    static func isJSON(_ request: Request) -> Bool {
        request.headers[.contentType].map { MediaType.essence($0) == "application/json" } ?? false
    }

    /// The body as text when it is UTF-8, as RFC 8259 §8.1 requires of JSON exchanged between systems.
    ///
    /// Foundation's JSON parser would otherwise guess UTF-16 or UTF-32 from a byte order mark or from NUL bytes and
    /// accept them. A UTF-16 or UTF-32 byte order mark is not valid UTF-8, and a NUL byte cannot appear in JSON text
    /// (not even inside a string, where control characters must be escaped), so either means another encoding.
    @discardableResult
    static func requireUTF8(_ bytes: ByteBufferView) throws -> String {
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            throw LanyardError(.invalidRequest, "The request body is not UTF-8: JSON must be sent as UTF-8 (RFC 8259 §8.1), not UTF-16 or UTF-32.")
        }
        return text
    }

    /// Nesting the JSON reader accepts before ``depth(of:level:)`` says how deep a body is (Foundation's limit).
    static let parseDepth = 512

    static func depth(of value: JSONValue, level: Int = 1) -> Int {
        guard level <= maxDepth else { return level }
        switch value {
        case .array(let items): return items.map { depth(of: $0, level: level + 1) }.max() ?? level
        case .object(let object): return object.members.map { depth(of: $0.value, level: level + 1) }.max() ?? level
        default: return level
        }
    }
}
