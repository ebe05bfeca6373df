public import LanyardAPI
import LanyardAudit
import LanyardCredentials
import LanyardModel

/// The OAuth 2.0 token endpoint (RFC 6749 §3.2): resolves a request by its grant — `client_credentials`, RFC 8693
/// token exchange of a Lanyard access token (down-scoping) or of an external issuer's JWT (OIDC federation) — to a
/// ``CredentialTemplate``, and has the ``Issuer`` sign, validate and record it before answering.
///
/// Every refusal (an ``OAuthError`` from a grant or the issue step) is audited as `credential.refuse`, naming the
/// client the request names.
public struct TokenEndpoint: Sendable {
    let clientCredentials: ClientCredentialsGrant
    let exchange: TokenExchangeGrant
    let federation: FederationGrant
    package let issuer: Issuer
    /// External issuers' keys (OIDC federation), for the benchmark product's federation ceiling.
    package var issuerKeys: IssuerKeyCache? { federation.issuerKeys }

    /// The grants over shared parts: `clients` authenticates, `tokens` verifies subject tokens, `tasks` binds tokens
    /// to tasks, `issuerKeys` fetches external issuers' keys (nil: every external token refused).
    init(issuer: Issuer, clients: ClientAuthenticator, tokens: TokenVerifier, tasks: TaskService, issuerKeys: IssuerKeyCache?) {
        let rules = AccessTokenRules(tasks: tasks, dpop: tokens.dpop, state: clients.state)
        self.issuer = issuer
        self.clientCredentials = ClientCredentialsGrant(clients: clients, rules: rules)
        self.exchange = TokenExchangeGrant(
            clients: clients, tokens: tokens, tasks: tasks, dpop: tokens.dpop, store: issuer.store, clock: issuer.clock)
        self.federation = FederationGrant(clients: clients, rules: rules, issuerKeys: issuerKeys, store: issuer.store, clock: issuer.clock)
    }

    /// Answers a token request.
    ///
    /// - Throws: ``OAuthError`` (audited) for any refusal; `not_found` for an unknown tenant.
    public func issue(_ request: TokenRequest, tenant: String, urls: IssuerURLs) async throws -> TokenResponse {
        try issuer.requireTenant(tenant)
        return try await issuer.recordingRefusals(
            tenant: tenant, action: .credentialRefuse,
            client: request.clientID ?? ClientAuthenticator.peekSubject(request.clientAssertion ?? request.subjectToken)
        ) {
            let (template, issuedTokenType) = try await resolve(request, tenant: tenant, urls: urls)
            let issued = try await issuer.issue(template)
            return TokenResponse(
                accessToken: issued.signed.token, tokenType: template.form.tokenType, expiresIn: Int(template.lifetime),
                scope: issued.signed.claims.scope, issuedTokenType: issuedTokenType)
        }
    }

    /// The template of the token `request` asks for, by its grant, and the `issued_token_type` of the answer (RFC
    /// 8693 §2.2.1: token exchange only).
    private func resolve(
        _ request: TokenRequest, tenant: String, urls: IssuerURLs
    ) async throws -> (CredentialTemplate<AccessTokenForm>, issuedTokenType: String?) {
        guard let grantType = request.grantType else { throw OAuthError(.invalidRequest, "grant_type is required.") }
        if grantType == TokenRequest.tokenExchange {
            if request.subjectTokenType == TokenRequest.jwtType {
                return (try await federation.resolve(request, tenant: tenant, urls: urls), TokenRequest.accessTokenType)
            }
            return (try await exchange.resolve(request, tenant: tenant, urls: urls), TokenRequest.accessTokenType)
        }
        guard grantType == "client_credentials" else {
            throw OAuthError(
                .unsupportedGrantType, "grant_type '\(grantType.prefix(80))' is not supported here; use client_credentials or token exchange.")
        }
        return (try await clientCredentials.resolve(request, tenant: tenant, urls: urls), nil)
    }
}
