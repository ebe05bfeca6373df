public import Foundation

/// Fetches a document (an OIDC discovery document, a JWKS) from an external issuer over HTTP(S).
///
/// Implementations MUST give up after `timeout`, refuse bodies larger than `maxBytes`, not follow redirects, and
/// throw for any status other than 200. LanyardServer implements it with AsyncHTTPClient; tests use a fake.
public protocol IssuerDocumentFetcher: Sendable {
    /// The body of `GET url`.
    ///
    /// - Throws: ``IssuerFetchError`` (or any error) when the document cannot be had.
    func fetch(_ url: String, maxBytes: Int, timeout: Duration) async throws -> Data
}

/// Why an issuer's document could not be fetched or used, as a sentence (no response bodies).
public struct IssuerFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
