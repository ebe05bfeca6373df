import Foundation
package import HTTPTypes
package import Hummingbird
import LanyardAPI
import LanyardModel

/// `application/x-www-form-urlencoded` request bodies of the OAuth endpoints (RFC 6749 §3.2): bounded,
/// UTF-8, and no parameter twice (RFC 6749 §3.1).
package enum FormBody {
    static let maxBytes = 16 * 1024
    static let maxParameters = 32

    /// The console's forms: a page of bulk choices (two fields per row) and Cedar text to validate.
    static let consoleLimits = (maxBytes: 256 * 1024, maxParameters: 128)

    package static func decode(
        _ request: Request, maxBytes: Int = FormBody.maxBytes, maxParameters: Int = FormBody.maxParameters
    ) async throws -> [String: String] {
        guard let contentType = request.headers[.contentType], MediaType.essence(contentType) == "application/x-www-form-urlencoded" else {
            throw OAuthError(.invalidRequest, "Send the parameters as application/x-www-form-urlencoded.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw OAuthError(.invalidRequest, "The request body is larger than \(maxBytes / 1024) KiB.")
        }
        return try parse(bytes: buffer.readableBytesView, maxParameters: maxParameters)
    }

    static func parse(_ text: String) throws -> [String: String] {
        try parse(bytes: Array(text.utf8))
    }

    /// Splits on `&` and the first `=` byte by byte (never by `Character`: grapheme breaking cost more than the
    /// rest of an introspection request).
    static func parse(bytes: some Collection<UInt8>, maxParameters: Int = FormBody.maxParameters) throws -> [String: String] {
        var out: [String: String] = [:]
        let body = Array(bytes)
        var start = 0
        var count = 0
        while start <= body.count {
            let end = body[start...].firstIndex(of: UInt8(ascii: "&")) ?? body.count
            if end > start {
                count += 1
                guard count <= maxParameters else { throw OAuthError(.invalidRequest, "Too many parameters.") }
                let pair = body[start..<end]
                let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? end
                guard let name = decodeComponent(pair[start..<equals]),
                    let value = decodeComponent(equals < end ? pair[(equals + 1)..<end] : pair[end..<end])
                else {
                    throw OAuthError(.invalidRequest, "A parameter is not valid percent-encoded UTF-8.")
                }
                guard out[name] == nil else { throw OAuthError(.invalidRequest, "Parameter '\(name.prefix(40))' is given more than once.") }
                out[name] = value
            }
            start = end + 1
        }
        return out
    }

    /// Decodes `+` and `%XX` on the UTF-8 bytes (``PercentEncoding``); `nil` for a malformed escape or invalid UTF-8.
    static func decodeComponent(_ part: ArraySlice<UInt8>) -> String? {
        PercentEncoding.decode(bytes: part, plusAsSpace: true)
    }
}

extension HTTPField.Name {
    /// `Pragma` (RFC 9111 §5.4), which RFC 6749 §5.1 asks for next to `Cache-Control: no-store`.
    static var pragma: HTTPField.Name {
        HTTPField.Name("Pragma") ?? .cacheControl
    }
}
