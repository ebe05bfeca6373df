import LanyardCredentials
import LanyardModel

/// What credentials are signed with: the tenants' signing keys (``KeyRing``), their X.509-SVID certificate
/// authorities, and the source of credential ids and serial numbers.
struct CredentialSigner: Sendable {
    let ring: KeyRing
    let authorities: X509Authorities
    /// Where credential ids (`cred_…`) and certificate serial numbers come from.
    let random: any RandomSource
    /// A tenant's certificate authorities are created on first use, in a transaction with their audit event.
    let store: any LanyardStore
    let audit: any AuditLog

    /// A new credential id (`cred_…`): a JWT's `jti`, an X.509-SVID's record id.
    func credentialID() -> String {
        var generator = random.generator()
        return IdentifierFormat.make(prefix: "cred", using: &generator)
    }
}
