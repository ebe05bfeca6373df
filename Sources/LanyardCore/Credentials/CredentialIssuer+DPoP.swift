import Foundation
public import LanyardCredentials
public import LanyardAPI
import LanyardModel

/// RFC 9449 DPoP: binding new tokens to the client's key at the token endpoint, and checking bound tokens where
/// Lanyard itself accepts them.
///
/// The proof is verified by ``DPoPProofVerifier`` (stateless); its `jti` is then recorded in the per-node
/// ``DPoPReplayCache`` only once the rest of the request is acceptable, so that unauthenticated requests cannot
/// fill a tenant's share of the cache.
extension CredentialIssuer {
    /// The `Authorization` scheme named in challenges about DPoP-bound tokens.
    static let dpopScheme = "DPoP"

    /// The request's one DPoP proof, verified for the token endpoint, or `nil` when the request has none.
    ///
    /// - Throws: `invalid_dpop_proof` when there are several `DPoP` headers or the proof is not valid.
    func tokenEndpointProof(_ request: TokenRequest, urls: IssuerURLs) async throws -> VerifiedDPoPProof? {
        guard !request.dpopProofs.isEmpty else { return nil }
        let proof = try Self.singleProof(request.dpopProofs)
        return try await dpop.verify(proof, method: "POST", url: urls.tokenEndpoint, accessToken: nil, now: Int64(clock.now().timeIntervalSince1970))
    }

    /// The confirmation claim of a new token: the proof's key, recorded against replay; none without a proof,
    /// unless the identity's template requires DPoP.
    ///
    /// - Throws: `invalid_request` when the template requires DPoP and there is no proof; `invalid_dpop_proof` for
    ///   a replayed proof.
    func confirmation(for proof: VerifiedDPoPProof?, template: IdentityTemplate, tenant: String) throws -> ConfirmationClaim? {
        guard let proof else {
            guard !template.requireDPoP else {
                throw OAuthError(
                    .invalidRequest,
                    "This identity's template requires DPoP: send a DPoP proof (RFC 9449) in a DPoP header to get a token bound to your key.")
            }
            return nil
        }
        try record(proof, tenant: tenant, challenge: nil)
        return ConfirmationClaim(jkt: proof.jkt)
    }

    /// Authenticates an access token presented to one of Lanyard's own endpoints (`method` at public `url`).
    ///
    /// The token must be for Lanyard: RFC 9068 §4 has a resource server check that the token's `aud` names it, and
    /// Lanyard's own audience is the tenant's issuer URL (what a token gets when no `audience`/`resource` is asked
    /// for and the identity has no destinations). A token for another resource is refused, so that a resource server
    /// holding a caller's token cannot use it here as that caller (a confused deputy).
    ///
    /// A token bound to a key (`cnf.jkt`) must come as `Authorization: DPoP` with one DPoP proof made with that
    /// key for this method and URL, carrying `ath` for this token, and not seen before; as `Bearer` it is refused.
    ///
    /// - Returns: the token's introspection, or `nil` when the token is not active (callers keep their own
    ///   answer for that).
    /// - Throws: ``OAuthError`` `invalid_token` (a token for another audience, with a challenge of the scheme it came
    ///   with) or `invalid_dpop_proof` with a `DPoP` challenge (401).
    public func authenticateAccessToken(
        _ presented: PresentedAccessToken, method: String, url: String, tenant: String, urls: IssuerURLs
    ) async throws -> IntrospectionResponse? {
        let introspection = await introspect(presented.token, tenant: tenant, urls: urls)
        guard introspection.active else { return nil }
        guard introspection.aud == Self.ownAudience(urls) else {
            throw OAuthError(
                .invalidToken,
                "This access token is for '\((introspection.aud ?? "").prefix(64))', not for Lanyard; to call Lanyard's own endpoints ask for a token with audience \(Self.ownAudience(urls)) (or no audience).",
                challenge: presented.scheme.rawValue)
        }
        switch presented.scheme {
        case .bearer:
            guard introspection.cnf == nil else {
                throw OAuthError(
                    .invalidToken, "This access token is bound to a key (DPoP): present it as Authorization: DPoP with a DPoP proof, not as a bearer token.",
                    challenge: Self.dpopScheme)
            }
            return introspection
        case .dpop:
            guard let jkt = introspection.cnf?.jkt else {
                throw OAuthError(
                    .invalidToken, "This access token is not bound to a key; present it as Authorization: Bearer.", challenge: Self.dpopScheme)
            }
            guard !presented.dpopProofs.isEmpty else {
                throw OAuthError(.invalidDPoPProof, "A DPoP-bound access token needs a DPoP proof header.", challenge: Self.dpopScheme)
            }
            let proof: VerifiedDPoPProof
            do {
                let value = try Self.singleProof(presented.dpopProofs)
                proof = try await dpop.verify(value, method: method, url: url, accessToken: presented.token, now: Int64(clock.now().timeIntervalSince1970))
            } catch let error as OAuthError {
                throw OAuthError(error.code, error.description, challenge: Self.dpopScheme)
            }
            guard proof.jkt == jkt else {
                throw OAuthError(.invalidDPoPProof, "The DPoP proof is made with another key than the one the token is bound to.", challenge: Self.dpopScheme)
            }
            try record(proof, tenant: tenant, challenge: Self.dpopScheme)
            return introspection
        }
    }

    /// Checks the token-exchange rule: a subject token bound to a key may be exchanged only with a proof made with
    /// that key, and its children are bound to the same key.
    ///
    /// - Returns: the child's confirmation claim: the parent's, else the proof's key, else none (or a refusal when
    ///   the identity's template requires DPoP).
    func exchangeConfirmation(
        parent: ConfirmationClaim?, proof: VerifiedDPoPProof?, template: IdentityTemplate, tenant: String
    ) throws -> ConfirmationClaim? {
        if let parent {
            guard let proof else {
                throw OAuthError(
                    .invalidDPoPProof, "The subject token is bound to a key (DPoP): send a DPoP proof made with that key to exchange it.")
            }
            guard proof.jkt == parent.jkt else {
                throw OAuthError(.invalidDPoPProof, "The DPoP proof is made with another key than the one the subject token is bound to.")
            }
            try record(proof, tenant: tenant, challenge: nil)
            return parent
        }
        return try confirmation(for: proof, template: template, tenant: tenant)
    }

    /// Lanyard's own audience (RFC 9068 §4): the tenant's issuer URL. Its SVID and task endpoints accept only access
    /// tokens for it.
    public static func ownAudience(_ urls: IssuerURLs) -> String { urls.issuer }

    /// The one proof of a request: exactly one `DPoP` header holding one value.
    static func singleProof(_ values: [String]) throws -> String {
        guard values.count == 1, let proof = values.first, !proof.contains(",") else {
            throw OAuthError(.invalidDPoPProof, "Send exactly one DPoP header with one proof.")
        }
        return proof
    }

    /// Records the proof's `jti` for its key until it is stale.
    private func record(_ proof: VerifiedDPoPProof, tenant: String, challenge: String?) throws {
        let now = Int64(clock.now().timeIntervalSince1970)
        let (expiresAt, overflow) = proof.iat.addingReportingOverflow(dpop.window)
        guard !overflow, dpopReplay.insert(tenant: tenant, jkt: proof.jkt, jti: proof.jti, expiresAt: expiresAt, now: now) else {
            let message = "This DPoP proof was already used; make a new proof with a fresh jti for every request."
            if let challenge { throw OAuthError(.invalidDPoPProof, message, challenge: challenge) }
            throw OAuthError(.invalidDPoPProof, message)
        }
    }
}
