import Foundation
import Hummingbird
import LanyardModel

/// Reading JSON request bodies: bounded in size and depth, JSON only, no unknown fields.
enum RequestBody {
    /// Largest body accepted by the admin API.
    static let maxBytes = 64 * 1024
    /// Deepest nesting accepted.
    static let maxDepth = 16

    static func decode<T: StrictDecodable>(_ type: T.Type, from request: Request, maxBytes: Int = maxBytes) async throws -> T {
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw LanyardError(.unsupportedMediaType, "Send the request body as application/json.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw LanyardError(.payloadTooLarge, "The request body is larger than \(maxBytes / 1024) KiB.")
        }
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw LanyardError(.invalidRequest, "The request needs a JSON object body.") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw LanyardError(.invalidRequest, "The request body is not valid JSON.")
        }
        guard let fields = object as? [String: Any] else {
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
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("application/json") else {
            throw LanyardError(nonJSON, "Send the request body as application/json.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw LanyardError(.payloadTooLarge, "The request body is larger than \(maxBytes / 1024) KiB.")
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw LanyardError(.invalidRequest, "The request body is not valid UTF-8.")
        }
        return text
    }

    static func depth(of value: Any, level: Int = 1) -> Int {
        guard level <= maxDepth else { return level }
        if let array = value as? [Any] { return array.map { depth(of: $0, level: level + 1) }.max() ?? level }
        if let object = value as? [String: Any] { return object.values.map { depth(of: $0, level: level + 1) }.max() ?? level }
        return level
    }
}
