import Foundation
import Hummingbird
import LanyardCore
import LanyardCredentials
import LanyardAPI
import LanyardModel

/// Reads the body of the SVID endpoints: form-encoded (`audience` space-separated, `csr` PEM or base64 DER) or a
/// JSON object (`audience` a string or an array of strings, `csr` a string), with the optional `private_key_jwt`
/// parameters, or a bare CSR (`application/pkcs10`, PEM or DER); plus the access token from `Authorization` (Bearer
/// or DPoP) and the `DPoP` proof headers.
enum SVIDRequestBody {
    /// The parameters a JSON body may carry.
    static let allowedFields: Set<String> = ["audience", "csr", "client_id", "client_assertion_type", "client_assertion"]

    static func decode(_ request: Request) async throws -> SVIDRequest {
        let contentType = MediaType.essence(request.headers[.contentType] ?? "")
        var form: [String: String]
        var audiences: [String]?
        if contentType == "application/pkcs10" {
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: CertificateSigningRequestReader.maxBytes)
            } catch {
                throw OAuthError(.invalidRequest, "The CSR is larger than \(CertificateSigningRequestReader.maxBytes / 1024) KiB.")
            }
            return SVIDRequest(
                token: AccessTokenHeaders.presented(request), client: TokenRequest(form: [:]), audiences: nil, csr: Array(buffer.readableBytesView))
        }
        if contentType == "application/json" {
            let text: String
            do {
                text = try await RequestBody.text(from: request, maxBytes: FormBody.maxBytes)
            } catch let error as LanyardError {
                // The SVID endpoints answer in OAuth's error shape (RFC 6749 §5.2), unreadable bodies included.
                throw OAuthError(.invalidRequest, error.message)
            }
            guard case .object(let object)? = try? JSONValue.parse(text) else {
                throw OAuthError(.invalidRequest, "The request body must be a JSON object.")
            }
            if let unknown = object.keys.sorted().first(where: { !allowedFields.contains($0) }) {
                throw OAuthError(.invalidRequest, "Unknown field '\(unknown.prefix(64))'; accepted: \(allowedFields.sorted().joined(separator: ", ")).")
            }
            form = [:]
            for name in ["client_id", "client_assertion_type", "client_assertion", "csr"] {
                guard let value = object[name] else { continue }
                guard case .string(let text) = value else { throw OAuthError(.invalidRequest, "\(name) must be a string.") }
                form[name] = text
            }
            audiences = try object["audience"].map(audienceList)
        } else {
            form = try await FormBody.decode(request)
            audiences = form["audience"].map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        }
        return SVIDRequest(
            token: AccessTokenHeaders.presented(request), client: TokenRequest(form: form), audiences: audiences, csr: try form["csr"].map(csrBytes))
    }

    /// The JSON `audience`: a string or an array of strings.
    static func audienceList(_ value: JSONValue) throws -> [String] {
        if case .string(let one) = value { return [one] }
        if case .array(let many) = value {
            let strings = many.compactMap(\.stringValue)
            if strings.count == many.count { return strings }
        }
        throw OAuthError(.invalidRequest, "audience must be a string or an array of strings.")
    }

    /// A CSR given as text: PEM as is, otherwise base64 (standard or URL-safe) DER.
    static func csrBytes(_ text: String) throws -> [UInt8] {
        if text.contains("-----BEGIN") { return Array(text.utf8) }
        let compact = text.filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: compact).map(Array.init) ?? Base64URL.decode(compact) else {
            throw OAuthError(.invalidRequest, "csr must be PEM or base64 DER.")
        }
        return der
    }
}
