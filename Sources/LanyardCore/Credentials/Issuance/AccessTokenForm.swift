import Foundation
import LanyardCredentials
import LanyardModel

/// An RFC 9068 access token (`typ: at+jwt`), signed with the tenant's active EdDSA key: what a grant decides beyond
/// the identity and the lifetime. The identity's owner, environment, stage and SPIFFE ID are copied into the claims.
struct AccessTokenForm: CredentialForm {
    /// `iss`: the tenant's issuer URL.
    var issuer: String
    /// The granted scopes, in order, without duplicates.
    var scopes: [String]
    /// `aud`: one resource server, or Lanyard itself (the issuer).
    var audience: String
    /// The open task the token is bound to; it dies with the task.
    var task: String?
    /// RFC 8693 `act`: for an exchanged token, the holder of its parent.
    var actor: ActorClaim?
    /// For an exchanged token, its parent's `jti`: revoking the parent revokes it.
    var parentJTI: String?
    /// RFC 9449 §6.1: the DPoP key the token is bound to, if any.
    var confirmation: ConfirmationClaim?

    /// RFC 9449 §5: `DPoP` for a token bound to a key, `Bearer` otherwise.
    var tokenType: String { confirmation == nil ? "Bearer" : "DPoP" }

    static func sign(
        _ template: CredentialTemplate<Self>, with signer: CredentialSigner
    ) async throws -> IssuedCredential<SignedJWT<AccessTokenClaims>> {
        let form = template.form
        let identity = template.identity
        let claims = AccessTokenClaims(
            iss: form.issuer, sub: identity.id, aud: form.audience, exp: try template.expirySeconds(), iat: template.issuedAtSeconds,
            jti: signer.credentialID(), scope: form.scopes.joined(separator: " "), owner: identity.owner, env: identity.environment.rawValue,
            stage: identity.stage.rawValue, spiffeId: identity.spiffeId, task: form.task, act: form.actor, parentJTI: form.parentJTI,
            cnf: form.confirmation)
        let token = try await signer.ring.sign(claims, tenant: template.tenant)
        let record = CredentialRecord(
            jti: claims.jti, tenant: template.tenant, identityId: identity.id, owner: identity.owner, scopes: form.scopes,
            audience: form.audience, issuedAt: template.issuedAt, expiresAt: Date(timeIntervalSince1970: TimeInterval(claims.exp)),
            task: form.task, parentJTI: form.parentJTI)
        return IssuedCredential(signed: SignedJWT(token: token, claims: claims), record: record)
    }

    static func validate(_ issued: IssuedCredential<SignedJWT<AccessTokenClaims>>, against template: CredentialTemplate<Self>) throws {
        let claims = issued.signed.claims
        let form = template.form
        guard claims.sub == template.identity.id, claims.iss == form.issuer, claims.aud == form.audience,
            claims.iat == template.issuedAtSeconds, claims.exp == (try template.expirySeconds()), claims.task == form.task,
            claims.cnf == form.confirmation, claims.parentJTI == form.parentJTI, !issued.signed.token.isEmpty,
            issued.record.jti == claims.jti, issued.record.identityId == claims.sub,
            issued.record.expiresAt == Date(timeIntervalSince1970: TimeInterval(claims.exp))
        else {
            throw LanyardError(.internal, "The access token signed for \(template.identity.id) does not match its template; nothing was issued.")
        }
    }

    static func auditDetails(of issued: IssuedCredential<SignedJWT<AccessTokenClaims>>, template: CredentialTemplate<Self>) -> [String: String] {
        let claims = issued.signed.claims
        var details = ["identity": claims.sub, "scope": claims.scope, "aud": claims.aud, "exp": String(claims.exp)]
        if let parent = claims.parentJTI { details["parent"] = parent }
        if let task = claims.task { details["task"] = task }
        if let confirmation = claims.cnf { details["jkt"] = confirmation.jkt }
        return details
    }
}
