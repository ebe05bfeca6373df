import Foundation
public import LanyardModel

extension KeyRing {
    /// Seals the private key of a tenant's SPIFFE CA under the key-encryption key, bound to tenant and role.
    public func sealAuthorityKey(_ authority: SPIFFECertificateAuthority, tenant: String, role: CertificateAuthorityRole) throws -> [UInt8] {
        try kek.seal(authority.rawPrivateKey, context: Self.authorityContext(tenant: tenant, role: role))
    }

    /// Opens a stored SPIFFE CA (certificate and sealed key).
    ///
    /// - Throws: when the record has no key (kept offline), the key does not open (wrong KEK), or it does not
    ///   match the certificate.
    public func openAuthority(_ record: CertificateAuthorityRecord) throws -> SPIFFECertificateAuthority {
        guard let sealed = record.sealedPrivateKey else {
            throw LanyardError(
                .invalidState, "The SPIFFE \(record.role.rawValue) CA key of tenant \(record.tenant) is offline; bring it back to sign with it.")
        }
        let raw = try kek.open(sealed, context: Self.authorityContext(tenant: record.tenant, role: record.role))
        return try SPIFFECertificateAuthority(certificateDER: record.certificateDER, rawPrivateKey: raw)
    }

    static func authorityContext(tenant: String, role: CertificateAuthorityRole) -> String {
        "\(tenant)/spiffe-ca/\(role.rawValue)"
    }
}
