public import LanyardAPI
import LanyardCredentials
import LanyardModel

/// Access tokens presented to Lanyard's own endpoints (the SPIFFE SVID and task endpoints, and the admin edge's
/// workload authenticator): for Lanyard, active, and — when bound to a key — with a fresh proof of that key.
extension TokenVerifier {
    /// Lanyard's own audience (RFC 9068 §4): the tenant's issuer URL. Its SVID and task endpoints accept only access
    /// tokens for it.
    public static func ownAudience(_ urls: IssuerURLs) -> String { urls.issuer }

    /// Authenticates an access token presented to one of Lanyard's own endpoints (`method` at public `url`), or to a
    /// resource Lanyard serves under the issuer (an MCP server behind the gateway: `audience`).
    ///
    /// The token must be for that resource: RFC 9068 §4 has a resource server check that the token's `aud` names it,
    /// and Lanyard's own audience is the tenant's issuer URL (what a token gets when no `audience`/`resource` is asked
    /// for and the identity has no destinations). A token for another resource is refused, so that a resource server
    /// holding a caller's token cannot use it here as that caller (a confused deputy).
    ///
    /// A token bound to a key (`cnf.jkt`) must come as `Authorization: DPoP` with one DPoP proof made with that
    /// key for this method and URL, carrying `ath` for this token, and not seen before; as `Bearer` it is refused.
    ///
    /// - Parameter audience: the resource the token must be for; nil for Lanyard's own endpoints
    ///   (``ownAudience(_:)``).
    /// - Returns: the token's introspection, or `nil` when the token is not active (callers keep their own
    ///   answer for that).
    /// - Throws: ``OAuthError`` `invalid_token` (a token for another audience, with a challenge of the scheme it came
    ///   with) or `invalid_dpop_proof` with a `DPoP` challenge (401).
    public func authenticateAccessToken(
        _ presented: PresentedAccessToken, audience: String? = nil, method: String, url: String, tenant: String, urls: IssuerURLs
    ) async throws -> IntrospectionResponse? {
        let introspection = await introspect(presented.token, tenant: tenant, urls: urls)
        guard introspection.active else { return nil }
        if let audience {
            guard introspection.aud == audience else {
                throw OAuthError(
                    .invalidToken,
                    "This access token is for '\((introspection.aud ?? "").prefix(128))', not for \(audience.prefix(256)); ask for a token with resource=\(audience.prefix(256)).",
                    challenge: presented.scheme.rawValue)
            }
        } else if introspection.aud != Self.ownAudience(urls) {
            throw OAuthError(
                .invalidToken,
                "This access token is for '\((introspection.aud ?? "").prefix(64))', not for Lanyard; to call Lanyard's own endpoints ask for a token with audience \(Self.ownAudience(urls)) (or no audience).",
                challenge: presented.scheme.rawValue)
        }
        let scheme = DPoPProofs.scheme
        switch presented.scheme {
        case .bearer:
            guard introspection.cnf == nil else {
                throw OAuthError(
                    .invalidToken, "This access token is bound to a key (DPoP): present it as Authorization: DPoP with a DPoP proof, not as a bearer token.",
                    challenge: scheme)
            }
            return introspection
        case .dpop:
            guard let jkt = introspection.cnf?.jkt else {
                throw OAuthError(.invalidToken, "This access token is not bound to a key; present it as Authorization: Bearer.", challenge: scheme)
            }
            guard !presented.dpopProofs.isEmpty else {
                throw OAuthError(.invalidDPoPProof, "A DPoP-bound access token needs a DPoP proof header.", challenge: scheme)
            }
            let proof: VerifiedDPoPProof
            do {
                proof = try await dpop.verify(presented.dpopProofs, method: method, url: url, accessToken: presented.token)
            } catch let error as OAuthError {
                throw OAuthError(error.code, error.description, challenge: scheme)
            }
            guard proof.jkt == jkt else {
                throw OAuthError(.invalidDPoPProof, "The DPoP proof is made with another key than the one the token is bound to.", challenge: scheme)
            }
            try await dpop.remember(proof, tenant: tenant, challenge: scheme)
            return introspection
        }
    }
}
