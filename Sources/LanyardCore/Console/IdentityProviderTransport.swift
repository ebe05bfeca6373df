public import Foundation

/// The console's requests to a tenant's OpenID Provider beyond fetching documents: the token request of the
/// authorization code flow.
///
/// Implementations MUST give up after `timeout`, refuse bodies larger than `maxBytes` and not follow redirects.
/// LanyardServer implements it with AsyncHTTPClient.
public protocol IdentityProviderTransport: Sendable {
    /// `POST url` with `form` as `application/x-www-form-urlencoded` and the extra `headers`; the status and body.
    func postForm(_ url: String, form: [(String, String)], headers: [(String, String)], maxBytes: Int, timeout: Duration) async throws
        -> (status: Int, body: Data)
}
