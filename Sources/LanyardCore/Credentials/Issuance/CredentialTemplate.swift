import Foundation
import LanyardAudit
import LanyardCredentials
import LanyardModel

/// What a grant decided to issue, before anything is signed: to which identity, when and for how long, the form of
/// the credential (an access token, a JWT-SVID, an X.509-SVID), and what the issuance is recorded as.
///
/// One resolver per grant (client credentials, token exchange, federation, JWT-SVID, X.509-SVID) makes it, after
/// applying every rule of its grant (scopes, audience, TTL caps) and refusing what they forbid. ``Issuer/issue(_:)``
/// then signs exactly this, checks what it signed against it, and records it. It has the place of SPIRE's
/// `credtemplate` between a request and its CA.
struct CredentialTemplate<Form: CredentialForm>: Sendable {
    var tenant: String
    /// The identity the credential is issued to; the resolver has checked that it is active and unexpired.
    var identity: Identity
    /// When it is issued: the credential's `iat`, and the time of its record and audit event.
    var issuedAt: Date
    /// Seconds from ``issuedAt`` to expiry: at least 1, already capped by every rule of the grant.
    var lifetime: Int64
    /// What is particular to this kind of credential.
    var form: Form
    /// The client assertion that obtained it; its `jti` is recorded with the credential and never accepted again.
    var assertion: ClientAssertionClaims?
    /// The audit action of the issuance.
    var action: AuditAction = .credentialIssue
    /// The grant's own audit details (a federation trust, the external subject), beside those of the form.
    var details: [String: String] = [:]

    /// ``issuedAt`` in whole Unix seconds.
    var issuedAtSeconds: Int64 { Int64(issuedAt.timeIntervalSince1970) }

    /// The expiry in whole Unix seconds: ``issuedAtSeconds`` plus ``lifetime``.
    ///
    /// - Throws: `internal` when the lifetime is not positive or the sum does not fit (no grant lets either through).
    func expirySeconds() throws -> Int64 {
        let (expiry, overflow) = issuedAtSeconds.addingReportingOverflow(lifetime)
        guard lifetime >= 1, !overflow else {
            throw LanyardError(.internal, "A credential template for \(identity.id) has a lifetime of \(lifetime) seconds; nothing was issued.")
        }
        return expiry
    }
}
