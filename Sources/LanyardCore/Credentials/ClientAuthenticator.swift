import Foundation
public import LanyardAPI
public import LanyardCredentials
public import LanyardModel

/// Authenticates OAuth clients by RFC 7523 `private_key_jwt`: the client is an identity, and its assertion is signed
/// with one of the identity's registered public keys.
///
/// Used by the token endpoint (client credentials, and exchange when the client authenticates too), introspection,
/// revocation and the SVID endpoints. The assertion's header `alg` is checked against an allow-list before any key
/// is touched, then the signature, the claims, and the `jti` against this node's ``ReplayCache`` and, when several
/// nodes share the database, every node's (``LanyardStore/claimOnce(scope:id:expiresAt:)``); the issue step records
/// it durably too.
///
/// The shared claim is made at every endpoint, the token endpoint included, although there the durable record alone
/// would refuse a replay to the token endpoint of another node: an assertion signed for the token endpoint is also
/// accepted at introspection and revocation (``assertionAudiences(at:urls:)``), which record nothing durably, so only
/// one shared claim per `jti` keeps it to one use across endpoints and nodes. It costs one PostgreSQL round trip
/// without a WAL flush (an `UNLOGGED` table).
public struct ClientAuthenticator: Sendable {
    /// Where clients (identities) and their templates are read.
    let state: TenantState
    let clock: any WallClock
    let verifier: ClientAssertionVerifier
    /// Assertion `jti`s seen on this node.
    let replay: ReplayCache

    /// The scope that lets an identity call the introspection endpoint.
    public static let introspectScope = "lanyard:introspect"

    /// Clients looked up in `state`, assertions checked against `clock`, their `jti`s remembered in `replay`.
    public init(state: TenantState, clock: any WallClock, replay: ReplayCache = ReplayCache()) {
        self.state = state
        self.verifier = ClientAssertionVerifier(keys: state.keyCollections)
        self.clock = clock
        self.replay = replay
    }

    /// Authenticates the client of an OAuth request by its `private_key_jwt` assertion.
    ///
    /// The assertion's `aud` must name the tenant's issuer or `endpoint`, the public URL of the endpoint it is
    /// presented to: an assertion minted for one endpoint is not accepted at another (see
    /// ``assertionAudiences(at:urls:)`` for the one exception).
    /// - Returns: the identity, its template, and the verified assertion claims.
    /// - Throws: ``OAuthError`` `invalid_client`.
    public func authenticate(_ request: TokenRequest, tenant: String, urls: IssuerURLs, endpoint: String) async throws -> AuthenticatedClient {
        guard let assertionType = request.clientAssertionType, let assertion = request.clientAssertion else {
            throw OAuthError(.invalidClient, "Authenticate with private_key_jwt: client_assertion_type and client_assertion are required.")
        }
        guard assertionType == TokenRequest.jwtBearer else {
            throw OAuthError(.invalidClient, "client_assertion_type must be \(TokenRequest.jwtBearer).")
        }
        guard let clientID = request.clientID ?? Self.peekSubject(assertion), clientID.utf8.count <= 128 else {
            throw OAuthError(.invalidClient, "The client is not identified: send client_id or a client_assertion with sub.")
        }
        guard let identity = try await state.identity(tenant: tenant, id: clientID), let template = try await template(of: identity) else {
            throw OAuthError(.invalidClient, "Unknown client '\(clientID.prefix(64))' in this tenant.")
        }
        let now = Int64(clock.now().timeIntervalSince1970)
        let claims = try await verifier.verify(
            assertion, clientID: identity.id, keys: identity.publicKeys, audiences: Self.assertionAudiences(at: endpoint, urls: urls), now: now)
        // This node's cache first (a replay here costs no round trip), then every node's (PostgreSQL).
        guard replay.insert("\(tenant)/\(identity.id)/\(claims.jti)", expiresAt: claims.exp + 60, now: now),
            try await state.store.claimOnce(scope: "assertion:\(tenant)/\(identity.id)", id: claims.jti, expiresAt: claims.exp + 60)
        else {
            throw OAuthError(.invalidClient, "This client assertion was already used; sign a new one with a fresh jti.")
        }
        return AuthenticatedClient(identity: identity, template: template, assertion: claims)
    }

    /// Authenticates a client of the introspection endpoint: an active identity whose template allows
    /// `lanyard:introspect`.
    public func authenticateIntrospector(_ request: TokenRequest, tenant: String, urls: IssuerURLs) async throws -> Identity {
        let client = try await authenticate(request, tenant: tenant, urls: urls, endpoint: urls.introspectionEndpoint)
        guard client.identity.status == .active, client.identity.expiresAt > clock.now(), client.template.allows(scope: Self.introspectScope) else {
            throw OAuthError(.invalidClient, "This client may not introspect tokens: its template does not allow \(Self.introspectScope).")
        }
        return client.identity
    }

    /// The `aud` values a client assertion presented at `endpoint` may carry: the issuer and `endpoint` itself. At the
    /// introspection and revocation endpoints the token endpoint is accepted too: RFC 7523 §3 lets the token endpoint
    /// URL name the authorization server, and RFC 7662 §2.1 and RFC 7009 §2.1 clients authenticate there as they do at
    /// the token endpoint (authlib's `PrivateKeyJWT(token_endpoint)` signs every assertion for the token endpoint).
    /// Never the other way round, and never at the SVID endpoints.
    static func assertionAudiences(at endpoint: String, urls: IssuerURLs) -> Set<String> {
        if endpoint == urls.introspectionEndpoint || endpoint == urls.revocationEndpoint { return [urls.issuer, endpoint, urls.tokenEndpoint] }
        return [urls.issuer, endpoint]
    }

    /// The identity's template.
    func template(of identity: Identity) async throws -> IdentityTemplate? {
        try await state.template(tenant: identity.tenant, name: identity.template)
    }

    /// The `sub` of an unverified JWT, to name the client in an error or an audit event.
    package static func peekSubject(_ token: String?) -> String? {
        guard let token, token.utf8.count <= JOSEHeader.maxTokenLength else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]),
            let object = try? JSONValue.parse(utf8: payload, maxDepth: 64),
            case .string(let sub)? = object["sub"], sub.utf8.count <= 128
        else { return nil }
        return sub
    }
}
