import LanyardAPI
import LanyardCredentials
import LanyardModel

/// Authenticates the workload asking for an SVID: by `private_key_jwt` (when the request carries a client assertion,
/// which wins) or by its access token (`Bearer`, or `DPoP` with a proof for a bound token), which must be active and
/// for Lanyard. The identity must be active and unexpired.
struct SVIDAuthenticator: Sendable {
    let clients: ClientAuthenticator
    let tokens: TokenVerifier
    let store: any LanyardStore
    let clock: any WallClock

    /// The authenticated workload: its identity, and the client assertion when it used `private_key_jwt` (whose
    /// `jti` is then recorded durably against replay).
    struct Caller: Sendable {
        var identity: Identity
        var assertion: ClientAssertionClaims?
    }

    /// - Parameter endpoint: the public URL of the endpoint called, which an assertion's `aud` or a DPoP proof names.
    /// - Throws: ``OAuthError`` `invalid_client` or `unauthorized_client` (audited by the SVID endpoint).
    func authenticate(_ request: SVIDRequest, tenant: String, urls: IssuerURLs, endpoint: String) async throws -> Caller {
        let caller: Caller
        if request.usesClientAssertion {
            let client = try await clients.authenticate(request.client, tenant: tenant, urls: urls, endpoint: endpoint)
            caller = Caller(identity: client.identity, assertion: client.assertion)
        } else if let presented = request.token {
            let introspection = try await tokens.authenticateAccessToken(presented, method: "POST", url: endpoint, tenant: tenant, urls: urls)
            guard let introspection, introspection.active, let subject = introspection.sub else {
                throw OAuthError(.invalidClient, "The bearer token is not an active access token of this tenant.")
            }
            let found = try await clients.state.identity(tenant: tenant, id: subject)
            guard let identity = found else { throw OAuthError(.invalidClient, "The bearer token's identity no longer exists.") }
            caller = Caller(identity: identity, assertion: nil)
        } else {
            throw OAuthError(.invalidClient, "Authenticate with an access token (Authorization: Bearer) or with private_key_jwt (client_assertion).")
        }
        let now = clock.now()
        guard caller.identity.status == .active, caller.identity.expiresAt > now else {
            let state = caller.identity.expiresAt <= now ? "expired" : caller.identity.status.rawValue
            throw OAuthError(.unauthorizedClient, "Identity \(caller.identity.id) is \(state) and gets no SVID.")
        }
        return caller
    }

    /// The template of an SVID of `form` for the workload that authenticates `request` at `endpoint`: issued now,
    /// living `wanted` seconds capped by the identity's remaining life (``SVIDLifetime``).
    ///
    /// - Throws: ``OAuthError`` when the workload does not authenticate, is not active, or expires now.
    func template<Form: CredentialForm>(
        _ form: Form, lifetime wanted: Int64, for request: SVIDRequest, tenant: String, urls: IssuerURLs, endpoint: String
    ) async throws -> CredentialTemplate<Form> {
        let caller = try await authenticate(request, tenant: tenant, urls: urls, endpoint: endpoint)
        let now = try await clients.state.issueInstant(for: caller.identity.id)
        let lifetime = try SVIDLifetime.capped(wanted, identity: caller.identity, now: now)
        return CredentialTemplate(tenant: tenant, identity: caller.identity, issuedAt: now, lifetime: lifetime, form: form, assertion: caller.assertion)
    }
}
