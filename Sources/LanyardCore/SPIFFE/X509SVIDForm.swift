import Foundation
import LanyardCredentials
import LanyardModel
import X509

/// An X.509-SVID (SPIFFE X.509-SVID §4): a leaf certificate for the CSR's public key, the identity's SPIFFE ID as
/// its only URI SAN, signed by the tenant's intermediate CA (created with the root on first use).
struct X509SVIDForm: CredentialForm {
    /// The key to certify, from a CSR whose signature was checked.
    var publicKey: Certificate.PublicKey

    /// The leaf and the hierarchy it chains to (the intermediate for the chain, the root for the bundle).
    struct Signed: Sendable {
        var leaf: Certificate
        var hierarchy: X509Authorities.Hierarchy
    }

    static func sign(_ template: CredentialTemplate<Self>, with signer: CredentialSigner) async throws -> IssuedCredential<Signed> {
        let identity = template.identity
        let hierarchy = try await signer.authorities.hierarchy(
            tenant: template.tenant, store: signer.store, audit: signer.audit, ring: signer.ring, now: template.issuedAt)
        let leaf = try hierarchy.intermediate.issueLeaf(
            publicKey: template.form.publicKey, spiffeID: identity.spiffeId, commonName: identity.id, now: template.issuedAt,
            lifetime: TimeInterval(template.lifetime), random: signer.random)
        let record = CredentialRecord(
            jti: signer.credentialID(), tenant: template.tenant, identityId: identity.id, owner: identity.owner, scopes: [], audience: "",
            issuedAt: template.issuedAt, expiresAt: leaf.notValidAfter)
        return IssuedCredential(signed: Signed(leaf: leaf, hierarchy: hierarchy), record: record)
    }

    static func validate(_ issued: IssuedCredential<Signed>, against template: CredentialTemplate<Self>) throws {
        let leaf = issued.signed.leaf
        let names = try? leaf.extensions.subjectAlternativeNames
        guard leaf.publicKey == template.form.publicKey, leaf.issuer == issued.signed.hierarchy.intermediate.certificate.subject,
            names == SubjectAlternativeNames([.uniformResourceIdentifier(template.identity.spiffeId)]),
            leaf.notValidAfter <= template.issuedAt.addingTimeInterval(TimeInterval(template.lifetime)),
            issued.record.identityId == template.identity.id, issued.record.expiresAt == leaf.notValidAfter
        else {
            throw LanyardError(.internal, "The X.509-SVID signed for \(template.identity.id) does not match its template; nothing was issued.")
        }
    }

    static func auditDetails(of issued: IssuedCredential<Signed>, template: CredentialTemplate<Self>) -> [String: String] {
        [
            "serial": issued.signed.leaf.serialNumber.description, "exp": String(Int64(issued.signed.leaf.notValidAfter.timeIntervalSince1970)),
            "identity": template.identity.id, "kind": "x509-svid", "spiffe_id": template.identity.spiffeId,
        ]
    }
}
