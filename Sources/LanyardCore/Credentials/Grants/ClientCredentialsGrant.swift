import LanyardAPI
import LanyardModel

/// `grant_type=client_credentials` with `private_key_jwt` (RFC 6749 §4.4, RFC 7523 §2.2): an identity asks for a
/// token for itself. Resolves the request to a template: authenticate the client, verify a DPoP proof if one came,
/// refuse an identity that is not active, then apply ``AccessTokenRules``.
struct ClientCredentialsGrant: Sendable {
    let clients: ClientAuthenticator
    let rules: AccessTokenRules

    /// - Throws: ``OAuthError`` for any refusal (the token endpoint audits it).
    func resolve(_ request: TokenRequest, tenant: String, urls: IssuerURLs) async throws -> CredentialTemplate<AccessTokenForm> {
        let client = try await clients.authenticate(request, tenant: tenant, urls: urls, endpoint: urls.tokenEndpoint)
        let proof = try await rules.dpop.tokenEndpointProof(request, urls: urls)
        let identity = client.identity
        let now = try await clients.state.issueInstant(for: identity.id)
        guard identity.status == .active, identity.expiresAt > now else {
            throw OAuthError(
                .unauthorizedClient, "Identity \(identity.id) is \(identity.expiresAt <= now ? "expired" : identity.status.rawValue) and gets no credentials.")
        }
        return try await rules.accessToken(for: request, client: client, proof: proof, tenant: tenant, urls: urls, now: now)
    }
}
