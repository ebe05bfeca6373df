import Foundation
import LanyardAudit
import LanyardCredentials
import LanyardAPI
import LanyardModel

/// RFC 8693 token exchange for down-scoping: a Lanyard access token in, a narrower one out.
///
/// The subject token authenticates the request by itself (it is a bearer credential of the identity); a client
/// may also authenticate with `private_key_jwt`, and must then be the subject token's identity. The new token
/// is never broader than its parent: its scopes are a subset (`invalid_scope`), its audience is the parent's
/// (`invalid_target`), its lifetime ends no later (`invalid_request`), it stays bound to the parent's task, and
/// it records the parent (`act`, `parent_jti`) so that revoking the parent revokes it. The narrowing rules are pure
/// functions (`TokenExchangeGrant+Narrowing.swift`).
struct TokenExchangeGrant: Sendable {
    let clients: ClientAuthenticator
    /// Verifies the subject token (active, of this issuer).
    let tokens: TokenVerifier
    let tasks: TaskService
    let dpop: DPoPProofs
    let store: any LanyardStore
    let clock: any WallClock

    /// The template of the child token.
    ///
    /// - Throws: ``OAuthError`` for any refusal (the token endpoint audits it).
    func resolve(_ request: TokenRequest, tenant: String, urls: IssuerURLs) async throws -> CredentialTemplate<AccessTokenForm> {
        let parent = try await subjectClaims(request, tenant: tenant, urls: urls)
        var assertion: ClientAssertionClaims?
        if request.clientAssertion != nil {
            let client = try await clients.authenticate(request, tenant: tenant, urls: urls, endpoint: urls.tokenEndpoint)
            guard client.identity.id == parent.sub else {
                throw OAuthError(.invalidRequest, "The subject token was issued to another identity than the authenticated client.")
            }
            assertion = client.assertion
        }
        let proof = try await dpop.tokenEndpointProof(request, urls: urls)
        let now = clock.now()
        guard let identity = try await clients.state.identity(tenant: tenant, id: parent.sub), let template = try await clients.template(of: identity),
            identity.status == .active, identity.expiresAt > now
        else { throw OAuthError(.invalidRequest, "The subject token's identity is not active.") }

        let scopes = try Self.narrowedScopes(request.scope, parent: parent.scope)
        let audience = try Self.narrowedAudience(request.audience, parent: parent.aud)
        var lifetime = try Self.narrowedLifetime(request.ttl, parentExpiry: parent.exp, now: now)
        let taskID = try await narrowedTask(request.task, parent: parent, tenant: tenant, now: now)
        if let taskID, let task = try await store.read({ try await $0.task(tenant: tenant, id: taskID) }) {
            lifetime = min(lifetime, Int64(task.expiresAt.timeIntervalSince(now).rounded(.down)))
        }
        guard lifetime >= 1 else { throw OAuthError(.invalidRequest, "The subject token or its task ends now.") }
        let actor = ActorClaim(sub: parent.sub, act: parent.act)
        guard actor.depth <= CredentialRecord.maxExchangeDepth else {
            throw OAuthError(.invalidRequest, "At most \(CredentialRecord.maxExchangeDepth) exchanges in a chain; this token was exchanged too often.")
        }

        let confirmation = try dpop.exchangeConfirmation(parent: parent.cnf, proof: proof, template: template, tenant: tenant)

        let form = AccessTokenForm(
            issuer: urls.issuer, scopes: scopes, audience: audience, task: taskID, actor: actor, parentJTI: parent.jti, confirmation: confirmation)
        return CredentialTemplate(
            tenant: tenant, identity: identity, issuedAt: now, lifetime: lifetime, form: form, assertion: assertion, action: .credentialExchange)
    }

    /// The verified, active claims of the subject token.
    private func subjectClaims(_ request: TokenRequest, tenant: String, urls: IssuerURLs) async throws -> AccessTokenClaims {
        guard let type = request.subjectTokenType, let token = request.subjectToken, !token.isEmpty else {
            throw OAuthError(.invalidRequest, "subject_token and subject_token_type are required.")
        }
        guard type == TokenRequest.accessTokenType else {
            throw OAuthError(
                .invalidRequest,
                "subject_token_type must be \(TokenRequest.accessTokenType) (a Lanyard access token) or \(TokenRequest.jwtType) (an external issuer's JWT)."
            )
        }
        if let requested = request.requestedTokenType, requested != TokenRequest.accessTokenType {
            throw OAuthError(.invalidRequest, "requested_token_type must be \(TokenRequest.accessTokenType).")
        }
        guard request.actorToken == nil else {
            throw OAuthError(.invalidRequest, "actor_token is not supported: the holder of the subject token is the actor.")
        }
        guard let claims = await tokens.activeClaims(token, tenant: tenant, urls: urls) else {
            throw OAuthError(.invalidRequest, "The subject token is not an active access token of this issuer.")
        }
        return claims
    }

    /// The task of the new token: the parent's (a bound token stays bound), or an open task of the identity.
    private func narrowedTask(_ requested: String?, parent: AccessTokenClaims, tenant: String, now: Date) async throws -> String? {
        guard let requested else { return parent.task }
        if let bound = parent.task {
            guard bound == requested else {
                throw OAuthError(.invalidRequest, "The subject token is bound to task \(bound); so is every token exchanged from it.")
            }
            return bound
        }
        return try await tasks.bindableTask(requested, tenant: tenant, identity: parent.sub, now: now).id
    }
}
