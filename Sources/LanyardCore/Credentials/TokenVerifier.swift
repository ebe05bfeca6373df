import Foundation
public import LanyardAPI
public import LanyardCredentials
public import LanyardModel

/// Verifies Lanyard's own access tokens: RFC 7662 introspection, the `Lanyard::Token` subjects of the decision
/// point, the subject tokens of token exchange, and the tokens workloads present to the SPIFFE and task endpoints.
///
/// A token is active when its signature verifies with one of the tenant's published keys (remembered by
/// SHA-256(tenant, token) after the first check, ``VerifiedTokenCache``), it names the tenant's issuer, it has not
/// expired, and neither it, its identity, its task nor its parent is in the in-memory ``RevocationList``.
public struct TokenVerifier: Sendable {
    let ring: KeyRing
    let clock: any WallClock
    /// The revocation list and the verified-token cache.
    let state: TenantState
    /// Checks the proofs that come with DPoP-bound tokens.
    let dpop: DPoPProofs

    /// A verifier of `ring`'s tenants' tokens, checking expiry by `clock` and revocation in `state`'s revocation list.
    public init(ring: KeyRing, clock: any WallClock, state: TenantState, dpop: DPoPProofs) {
        self.ring = ring
        self.clock = clock
        self.state = state
        self.dpop = dpop
    }

    /// Whether `token` is an active access token of the tenant whose issuer is `urls`, with its claims when it is.
    public func introspect(_ token: String, tenant: String, urls: IssuerURLs) async -> IntrospectionResponse {
        guard let claims = await activeClaims(token, tenant: tenant, urls: urls) else { return .inactive }
        return IntrospectionResponse(claims: claims)
    }

    /// The claims of `token` when it is an active access token of `tenant`; `nil` otherwise.
    func activeClaims(_ token: String, tenant: String, urls: IssuerURLs) async -> AccessTokenClaims? {
        guard token.utf8.count <= JOSEHeader.maxTokenLength, let claims = await verifiedClaims(token, tenant: tenant) else { return nil }
        let now = Int64(clock.now().timeIntervalSince1970)
        guard claims.iss == urls.issuer, claims.exp > now, claims.nbf <= now + 30,
            !state.revocations.isRevoked(jti: claims.jti, identity: claims.sub, issuedAt: claims.iat, task: claims.task, parent: claims.parentJTI)
        else { return nil }
        return claims
    }

    /// The claims of a token whose signature verifies with the tenant's keys (nothing else checked), from the cache
    /// after the first check.
    private func verifiedClaims(_ token: String, tenant: String) async -> AccessTokenClaims? {
        if let cached = state.verifiedTokens.get(token, tenant: tenant) { return cached }
        guard let claims = await ring.verifySignature(token, tenant: tenant) else { return nil }
        state.verifiedTokens.put(token, tenant: tenant, claims: claims)
        return claims
    }
}
