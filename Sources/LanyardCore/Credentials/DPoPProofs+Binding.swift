import LanyardAPI
import LanyardCredentials
import LanyardModel

/// RFC 9449 at the token endpoint: which key, if any, a new token is bound to (`cnf.jkt`).
///
/// A proof binds the new token to its key, and a template's `requireDPoP` makes a proof mandatory; a subject token
/// bound to a key is exchanged only with a proof of that key, and its children keep the binding.
extension DPoPProofs {
    /// The request's one DPoP proof, verified for the token endpoint, or `nil` when the request has none.
    ///
    /// - Throws: `invalid_dpop_proof` when there are several `DPoP` headers or the proof is not valid.
    func tokenEndpointProof(_ request: TokenRequest, urls: IssuerURLs) async throws -> VerifiedDPoPProof? {
        guard !request.dpopProofs.isEmpty else { return nil }
        return try await verify(request.dpopProofs, method: "POST", url: urls.tokenEndpoint, accessToken: nil)
    }

    /// The confirmation claim of a new token: the proof's key, remembered against replay; none without a proof,
    /// unless the identity's template requires DPoP.
    ///
    /// - Throws: `invalid_request` when the template requires DPoP and there is no proof; `invalid_dpop_proof` for
    ///   a replayed proof.
    func confirmation(for proof: VerifiedDPoPProof?, template: IdentityTemplate, tenant: String) async throws -> ConfirmationClaim? {
        guard let proof else {
            guard !template.requireDPoP else {
                throw OAuthError(
                    .invalidRequest,
                    "This identity's template requires DPoP: send a DPoP proof (RFC 9449) in a DPoP header to get a token bound to your key.")
            }
            return nil
        }
        try await remember(proof, tenant: tenant, challenge: nil)
        return ConfirmationClaim(jkt: proof.jkt)
    }

    /// The token-exchange rule: a subject token bound to a key may be exchanged only with a proof made with that
    /// key, and its children are bound to the same key.
    ///
    /// - Returns: the child's confirmation claim: the parent's, else the proof's key, else none (or a refusal when
    ///   the identity's template requires DPoP).
    func exchangeConfirmation(
        parent: ConfirmationClaim?, proof: VerifiedDPoPProof?, template: IdentityTemplate, tenant: String
    ) async throws -> ConfirmationClaim? {
        if let parent {
            guard let proof else {
                throw OAuthError(
                    .invalidDPoPProof, "The subject token is bound to a key (DPoP): send a DPoP proof made with that key to exchange it.")
            }
            guard proof.jkt == parent.jkt else {
                throw OAuthError(.invalidDPoPProof, "The DPoP proof is made with another key than the one the subject token is bound to.")
            }
            try await remember(proof, tenant: tenant, challenge: nil)
            return parent
        }
        return try await confirmation(for: proof, template: template, tenant: tenant)
    }
}
