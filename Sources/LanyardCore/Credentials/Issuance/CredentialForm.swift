/// One kind of credential Lanyard signs: how a template of it is signed, what is checked of the signed output, and
/// what the audit event of its issuance records. ``Issuer/issue(_:)`` is generic over it, so each kind is dispatched
/// statically.
///
/// Conformers: ``AccessTokenForm`` (RFC 9068 access tokens), ``JWTSVIDForm`` and ``X509SVIDForm`` (SPIFFE SVIDs).
protocol CredentialForm: Sendable {
    /// What the grant hands back: a compact JWS with its claims, or a certificate with its chain.
    associatedtype Signed: Sendable

    /// Signs the credential `template` describes with the tenant's key or certificate authority and makes its
    /// record. The credential id is drawn here, in the order the golden files pin: a JWT's `jti` before signing
    /// (it is signed), an X.509-SVID's record id after its serial number.
    static func sign(_ template: CredentialTemplate<Self>, with signer: CredentialSigner) async throws -> IssuedCredential<Signed>

    /// Checks that what was signed is what the template says (subject, audience, lifetime, key binding) and that the
    /// record matches it. A mismatch is a defect of the signing code, never of the request.
    ///
    /// - Throws: `internal`; the credential is then neither recorded nor handed out.
    static func validate(_ issued: IssuedCredential<Signed>, against template: CredentialTemplate<Self>) throws

    /// What the audit event of the issuance records about the credential (the template's own details are added).
    static func auditDetails(of issued: IssuedCredential<Signed>, template: CredentialTemplate<Self>) -> [String: String]
}
