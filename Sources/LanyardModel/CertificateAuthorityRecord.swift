public import Foundation

/// The place of a certificate authority in a tenant's X.509-SVID hierarchy.
public enum CertificateAuthorityRole: String, Sendable, Codable, CaseIterable {
    /// Self-signed, long-lived; signs only intermediates, so its key can be kept offline.
    case root
    /// Signed by the root; signs the leaf X.509-SVIDs.
    case intermediate
}

/// A tenant's SPIFFE certificate authority as stored: the certificate (DER) and its private key sealed with the
/// key-encryption key. A root whose key was taken offline has no sealed key.
public struct CertificateAuthorityRecord: Sendable, Hashable {
    public var tenant: String
    public var role: CertificateAuthorityRole
    public var certificateDER: [UInt8]
    /// AES-GCM sealed raw P-256 private key, bound to tenant and role; `nil` when kept offline.
    public var sealedPrivateKey: [UInt8]?
    public var createdAt: Date
    public var notAfter: Date
    /// 1 for the first CA of this tenant and role, one more at each renewal: what a renewal replaces, so two
    /// renewals of the same generation cannot both land.
    public var generation: Int64

    public init(
        tenant: String, role: CertificateAuthorityRole, certificateDER: [UInt8], sealedPrivateKey: [UInt8]?, createdAt: Date, notAfter: Date,
        generation: Int64 = 1
    ) {
        self.generation = generation
        self.tenant = tenant
        self.role = role
        self.certificateDER = certificateDER
        self.sealedPrivateKey = sealedPrivateKey
        self.createdAt = createdAt
        self.notAfter = notAfter
    }
}
