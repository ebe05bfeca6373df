import Foundation
import LanyardCredentials
import LanyardModel

/// A JWT-SVID (SPIFFE JWT-SVID §3): `sub` is the identity's SPIFFE ID, `aud` the audiences asked for; signed with
/// the tenant's active ES256 key (`typ: JWT`), so that it verifies against the SPIFFE bundle and never as an access
/// token.
struct JWTSVIDForm: CredentialForm {
    /// The audiences, at least one, without duplicates.
    var audiences: [String]

    static func sign(_ template: CredentialTemplate<Self>, with signer: CredentialSigner) async throws -> IssuedCredential<SignedJWT<JWTSVIDClaims>> {
        let identity = template.identity
        let claims = JWTSVIDClaims(
            sub: identity.spiffeId, aud: template.form.audiences, exp: try template.expirySeconds(), iat: template.issuedAtSeconds,
            jti: signer.credentialID())
        let token = try await signer.ring.sign(claims, tenant: template.tenant)
        let record = CredentialRecord(
            jti: claims.jti, tenant: template.tenant, identityId: identity.id, owner: identity.owner, scopes: [],
            audience: claims.aud.joined(separator: " "), issuedAt: template.issuedAt, expiresAt: Date(timeIntervalSince1970: TimeInterval(claims.exp)))
        return IssuedCredential(signed: SignedJWT(token: token, claims: claims), record: record)
    }

    static func validate(_ issued: IssuedCredential<SignedJWT<JWTSVIDClaims>>, against template: CredentialTemplate<Self>) throws {
        let claims = issued.signed.claims
        guard claims.sub == template.identity.spiffeId, claims.aud == template.form.audiences, claims.iat == template.issuedAtSeconds,
            claims.exp == (try template.expirySeconds()), !issued.signed.token.isEmpty, issued.record.jti == claims.jti,
            issued.record.identityId == template.identity.id, issued.record.expiresAt == Date(timeIntervalSince1970: TimeInterval(claims.exp))
        else {
            throw LanyardError(.internal, "The JWT-SVID signed for \(template.identity.id) does not match its template; nothing was issued.")
        }
    }

    static func auditDetails(of issued: IssuedCredential<SignedJWT<JWTSVIDClaims>>, template: CredentialTemplate<Self>) -> [String: String] {
        [
            "aud": issued.record.audience, "exp": String(issued.signed.claims.exp), "identity": template.identity.id, "kind": "jwt-svid",
            "spiffe_id": template.identity.spiffeId,
        ]
    }
}
