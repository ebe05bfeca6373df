import Foundation
import LanyardAudit
import LanyardCredentials
import LanyardAPI
import LanyardModel

/// RFC 8693 token exchange for OIDC federation: a JWT from an external issuer the identity trusts in, a Lanyard
/// access token for that identity out.
///
/// The request names the identity with `client_id` (its id or name): several identities may trust one issuer, and
/// the external token alone does not say which is meant. The external token authenticates the request by itself;
/// no client assertion is used. In order: the JWT header and unverified `iss` are read; the identity's trusts for
/// that exact issuer are found (none: `invalid_request`); the issuer's keys are fetched through the
/// ``IssuerKeyCache`` (failure: `temporarily_unavailable`, HTTP 503, nothing issued) and the signature checked
/// (asymmetric algorithms only); `exp` (required), `nbf` and `iat` are checked with ``federationLeeway``; the first
/// trust whose audience and conditions all match is used. The token is then minted exactly as for
/// `client_credentials` (template scopes, audience within the identity's destinations, TTL capped by the template
/// and the identity's remaining life; the external token's remaining life does not cap it) and recorded with a
/// `credential.federate` audit event naming the trust and the external `iss`/`sub`.
///
/// There is no replay guard: external OIDC tokens (GitHub Actions, Kubernetes) are bearer tokens meant to be
/// presented several times within their short life.
struct FederationGrant: Sendable {
    /// Finds the identity's template (cached).
    let clients: ClientAuthenticator
    let rules: AccessTokenRules
    /// External issuers' keys; nil when federation is not wired (every external token refused).
    let issuerKeys: IssuerKeyCache?
    let store: any LanyardStore
    let clock: any WallClock

    /// Clock skew tolerated on an external token's `exp`, `nbf` and `iat` (seconds).
    static let federationLeeway: Int64 = 30

    /// The template of the token for the identity the external token is exchanged for.
    ///
    /// - Throws: ``OAuthError`` for any refusal (the token endpoint audits it); `temporarily_unavailable` when the
    ///   issuer's keys cannot be fetched.
    func resolve(_ request: TokenRequest, tenant: String, urls: IssuerURLs) async throws -> CredentialTemplate<AccessTokenForm> {
        guard let token = request.subjectToken, !token.isEmpty else {
            throw OAuthError(.invalidRequest, "subject_token is required.")
        }
        if let requested = request.requestedTokenType, requested != TokenRequest.accessTokenType {
            throw OAuthError(.invalidRequest, "requested_token_type must be \(TokenRequest.accessTokenType).")
        }
        guard request.actorToken == nil else {
            throw OAuthError(.invalidRequest, "actor_token is not supported with an external subject token.")
        }
        guard request.clientAssertion == nil else {
            throw OAuthError(.invalidRequest, "Send no client_assertion with an external subject token: the external token authenticates the request.")
        }
        guard let clientID = request.clientID, !clientID.isEmpty, clientID.utf8.count <= 128 else {
            throw OAuthError(.invalidRequest, "client_id is required: name the identity (id or name) the external token is exchanged for.")
        }
        let header: JOSEHeader
        do {
            header = try JOSEHeader(compact: token)
        } catch let error as LanyardError where error.field == JOSEHeader.critical {
            throw OAuthError(.invalidRequest, "subject_token: \(error.message)")
        } catch {
            throw OAuthError(.invalidRequest, "subject_token is not a JWT (a compact JWS of at most \(JOSEHeader.maxTokenLength) bytes).")
        }
        guard ExternalTokenVerifier.acceptedAlgorithms.contains(header.alg) else {
            throw OAuthError(
                .invalidRequest, "subject_token alg '\(header.alg.prefix(16))' is not accepted; external tokens must use RS256, PS256, ES256, ES384 or EdDSA.")
        }
        let proof = try await rules.dpop.tokenEndpointProof(request, urls: urls)
        guard let unverified = ExternalTokenVerifier.unverifiedClaims(token), let issuer = unverified["iss"]?.stringValue, !issuer.isEmpty,
            issuer.utf8.count <= TrustRules.Limits.issuerLength
        else { throw OAuthError(.invalidRequest, "subject_token has no iss claim.") }

        // By id through the identity cache (the usual case), else by name; the template through the template cache.
        var found = try await clients.state.identity(tenant: tenant, id: clientID)
        if found == nil { found = try await store.read { try await $0.identity(tenant: tenant, name: clientID) } }
        guard let identity = found, let template = try await clients.template(of: identity) else {
            throw OAuthError(.invalidRequest, "There is no identity '\(clientID.prefix(64))' in this tenant.")
        }
        let trusts = try await clients.state.trusts(tenant: tenant, identity: identity.id)
        let candidates = trusts.filter { $0.issuer == issuer }
        guard !candidates.isEmpty else {
            throw OAuthError(.invalidRequest, "Identity \(identity.id) does not trust issuer '\(issuer.prefix(128))' (no matching trust).")
        }
        let claims = try await verifiedExternalClaims(token, header: header, issuer: issuer)
        let now = clock.now()
        try Self.checkExternalTimes(claims, now: Int64(now.timeIntervalSince1970))

        var reasons: [String] = []
        var matched: FederationTrust?
        for trust in candidates {
            if let reason = TrustRules.mismatch(trust, claims: claims) {
                reasons.append(reason)
            } else {
                matched = trust
                break
            }
        }
        guard let trust = matched else {
            let reason = reasons.count == 1 ? reasons.joined() : "No trust of identity \(identity.id) matches: " + reasons.prefix(4).joined(separator: " ")
            throw OAuthError(.invalidRequest, reason)
        }
        guard identity.status == .active, identity.expiresAt > now else {
            throw OAuthError(
                .invalidRequest, "Identity \(identity.id) is \(identity.expiresAt <= now ? "expired" : identity.status.rawValue) and gets no credentials.")
        }

        // Issued like client_credentials; DPoP binds a federated token like any other (and a template requiring DPoP
        // requires it here too).
        let external = [
            "trust": trust.id, "external_iss": issuer, "external_sub": String((claims["sub"]?.stringValue ?? "").prefix(256)),
        ]
        let client = AuthenticatedClient(identity: identity, template: template, assertion: nil)
        let issuedAt = try await clients.state.issueInstant(for: identity.id)
        var issued = try await rules.accessToken(for: request, client: client, proof: proof, tenant: tenant, urls: urls, now: issuedAt)
        issued.action = .credentialFederate
        issued.details = external
        return issued
    }
}
