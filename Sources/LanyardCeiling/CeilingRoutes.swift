import Foundation
import Hummingbird
import LanyardAPI
import LanyardAudit
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardServer

/// Ceiling routes: per hot path, a route that does only the work that path cannot avoid, so a benchmark can say how
/// close the real route comes to it (issue 14: each real route ≥ 80 % of its ceiling). They live in this benchmark
/// product only; `lanyard serve` has no way to register them.
///
/// What "unavoidable" means, per path (the real route does all of it, and more):
/// - **issuance** (`/ceiling/t/{tenant}/oauth2/token`): read the form, find the client (the identity cache), verify
///   its `private_key_jwt` assertion's signature and claims, sign an access token with the tenant's key, and append the
///   same rows as the real route — the used assertion, the credential record and one audit event — in the same
///   group commit; answer with the token. No template, scope, audience, lifetime, task, DPoP, status or tenant checks,
///   no refusal auditing.
/// - **introspection** (`/ceiling/t/{tenant}/oauth2/introspect`): read the form, authenticate the bearer (a hash and
///   the principal cache), find the token's claims (the verified-token cache, a signature check the first time),
///   answer with them. No admin authorization decision, no issuer, expiry or revocation checks.
/// - **JWT-SVID** (`/ceiling/t/{tenant}/spiffe/jwt-svid`): read the form, find the workload's access token's claims
///   (the verified-token cache, a signature check the first time) and its identity (the identity cache), sign a
///   JWT-SVID with the tenant's ES256 key, and append the credential record and one audit event in the same group
///   commit; answer with the SVID. No revocation, expiry, status, DPoP or audience-rule checks, no refusal auditing.
/// - **federation** (the same path, `grant_type` token-exchange): see `CeilingRoutes+Federation.swift`.
/// - **AuthZEN** single and batch: see `CeilingRoutes+AuthZEN.swift`.
/// - **MCP gateway** `tools/call`: see `CeilingRoutes+MCP.swift`.
struct CeilingRoutes {
    let dependencies: ServerDependencies
    let verifier = ClientAssertionVerifier()
    let verified = VerifiedTokenCache()

    static func register(on router: Router<LanyardRequestContext>, dependencies: ServerDependencies) {
        let routes = CeilingRoutes(dependencies: dependencies)
        router.post("/ceiling/t/:tenant/oauth2/token") { request, context in try await routes.issue(request, context: context) }
        router.post("/ceiling/t/:tenant/oauth2/introspect") { request, context in try await routes.introspect(request, context: context) }
        router.post("/ceiling/t/:tenant/spiffe/jwt-svid") { request, context in try await routes.jwtSVID(request, context: context) }
        registerAuthZEN(on: router, routes: routes)
        registerMCP(on: router, routes: routes)
    }

    static func tenant(_ context: LanyardRequestContext) throws -> String {
        guard let tenant = context.parameters.get("tenant") else { throw LanyardError(.notFound, "No tenant in the path.") }
        return tenant
    }

    func issue(_ request: Request, context: LanyardRequestContext) async throws -> Response {
        let tenant = try Self.tenant(context)
        let form = try await FormBody.decode(request)
        if form["grant_type"] == TokenRequest.tokenExchange { return try await federate(form, tenant: tenant) }
        guard let assertion = form["client_assertion"], let clientID = form["client_id"] ?? ClientAuthenticator.peekSubject(assertion),
            let identity = try await dependencies.credentials.state.identity(tenant: tenant, id: clientID)
        else { throw OAuthError(.invalidClient, "Unknown client.") }
        let urls = dependencies.urls(of: tenant)
        let client = try await verifier.verify(
            assertion, clientID: identity.id, keys: identity.publicKeys, audiences: [urls.issuer, urls.tokenEndpoint], now: Int64(Date().timeIntervalSince1970))
        return try await mint(for: identity, tenant: tenant, scope: form["scope"] ?? "read", action: .credentialIssue, assertion: client)
    }

    /// Signs a five-minute access token for `identity` with the tenant's key and appends its credential record and one
    /// `action` event (the usual details and `extra`) in the same group commit; answers with the token.
    func mint(
        for identity: Identity, tenant: String, scope: String, action: AuditAction, extra: [String: String] = [:], assertion: ClientAssertionClaims?
    ) async throws -> Response {
        let urls = dependencies.urls(of: tenant)
        let now = Date()
        let seconds = Int64(now.timeIntervalSince1970)
        var generator = SystemRandomNumberGenerator()
        let audience = identity.allowedDestinations.first ?? urls.issuer
        let claims = AccessTokenClaims(
            iss: urls.issuer, sub: identity.id, aud: audience, exp: seconds + 300, iat: seconds,
            jti: IdentifierFormat.make(prefix: "cred", using: &generator), scope: scope, owner: identity.owner,
            env: identity.environment.rawValue, stage: identity.stage.rawValue, spiffeId: identity.spiffeId)
        let token = try await dependencies.keys.ring.sign(claims, tenant: tenant)
        let record = CredentialRecord(
            jti: claims.jti, tenant: tenant, identityId: identity.id, owner: identity.owner, scopes: [scope], audience: audience, issuedAt: now,
            expiresAt: Date(timeIntervalSince1970: TimeInterval(claims.exp)))
        let details = ["identity": identity.id, "scope": scope, "aud": audience, "exp": String(claims.exp)].merging(extra) { first, _ in first }
        let event = AuditEvent(
            tenant: tenant, at: now, actor: "identity:\(identity.id)", action: action, target: "credential:\(claims.jti)", details: details)
        try await Issuer.persist(
            record, assertion: assertion, event: event, store: dependencies.store, audit: dependencies.credentials.tokenEndpoint.issuer.audit)
        return JSONResponse.make(
            compact: TokenResponse(accessToken: token, tokenType: "Bearer", expiresIn: 300, scope: scope), headers: [.cacheControl: "no-store"])
    }

    /// The claims of an access token of `tenant`: from the verified-token cache, or a signature check the first time.
    private func claims(of token: String, tenant: String) async -> AccessTokenClaims? {
        if let claims = verified.get(token, tenant: tenant) { return claims }
        guard let claims = await dependencies.keys.ring.verifySignature(token, tenant: tenant) else { return nil }
        verified.put(token, tenant: tenant, claims: claims)
        return claims
    }

    func introspect(_ request: Request, context: LanyardRequestContext) async throws -> Response {
        let tenant = try Self.tenant(context)
        let form = try await FormBody.decode(request)
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            (try? await dependencies.tenancy.authenticate(bearer: String(header.dropFirst(7)))) != nil
        else { throw OAuthError(.invalidClient, "Send an administrator bearer token.") }
        guard let token = form["token"] else { throw OAuthError(.invalidRequest, "token is required.") }
        guard let claims = await claims(of: token, tenant: tenant) else { return JSONResponse.make(compact: IntrospectionResponse.inactive) }
        return JSONResponse.make(compact: IntrospectionResponse(claims: claims))
    }

    func jwtSVID(_ request: Request, context: LanyardRequestContext) async throws -> Response {
        let tenant = try Self.tenant(context)
        let form = try await FormBody.decode(request)
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), let audience = form["audience"] else {
            throw OAuthError(.invalidClient, "Send the workload's access token as a bearer token, and an audience.")
        }
        let token = String(header.dropFirst(7))
        guard let claims = await claims(of: token, tenant: tenant),
            let identity = try await dependencies.credentials.state.identity(tenant: tenant, id: claims.sub)
        else {
            throw OAuthError(.invalidClient, "The bearer token is not an access token of this tenant.")
        }
        let now = Date()
        let seconds = Int64(now.timeIntervalSince1970)
        var generator = SystemRandomNumberGenerator()
        let svid = JWTSVIDClaims(
            sub: identity.spiffeId, aud: [audience], exp: seconds + 300, iat: seconds, jti: IdentifierFormat.make(prefix: "cred", using: &generator))
        let signed = try await dependencies.keys.ring.sign(svid, tenant: tenant)
        let record = CredentialRecord(
            jti: svid.jti, tenant: tenant, identityId: identity.id, owner: identity.owner, scopes: [], audience: audience, issuedAt: now,
            expiresAt: Date(timeIntervalSince1970: TimeInterval(svid.exp)))
        let event = AuditEvent(
            tenant: tenant, at: now, actor: "identity:\(identity.id)", action: .credentialIssue, target: "credential:\(svid.jti)",
            details: ["aud": audience, "exp": String(svid.exp), "identity": identity.id, "kind": "jwt-svid", "spiffe_id": identity.spiffeId])
        try await Issuer.persist(
            record, assertion: nil, event: event, store: dependencies.store, audit: dependencies.credentials.tokenEndpoint.issuer.audit)
        return JSONResponse.make(
            compact: JWTSVIDResponse(svid: signed, spiffeID: identity.spiffeId, audience: [audience], expiresAt: svid.exp),
            headers: [.cacheControl: "no-store"])
    }
}
