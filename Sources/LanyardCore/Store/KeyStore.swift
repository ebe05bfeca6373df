public import Foundation
public import LanyardModel

/// Key material at rest: the tenants' token-signing keys and SPIFFE certificate authorities (private keys sealed
/// by the caller before they get here).
///
/// Insert methods throw ``LanyardError`` with code `already_exists` when a unique key is taken. Conformance:
/// `KeyStoreConformance` in `LanyardTesting`.
public protocol KeyStore: Sendable {
    // Signing keys
    func insertSigningKey(_ record: SigningKeyRecord) async throws
    /// Updates the state and `publishUntil` of a stored key, only while its stored state is still `state` (a
    /// compare-and-set, so two rotations racing on several nodes cannot both move the same key). Returns whether
    /// the key was updated.
    func updateSigningKey(_ record: SigningKeyRecord, from state: SigningKeyState) async throws -> Bool
    /// The tenant's signing keys, oldest first (`createdAt`, then `kid`): only those after `after` in that order (all
    /// when `nil`), at most `limit` (all when `nil`).
    func signingKeys(tenant: String, after: (createdAt: Date, kid: String)?, limit: Int?) async throws -> [SigningKeyRecord]

    // SPIFFE certificate authorities
    /// Stores a tenant's CA (`already_exists` when the tenant already has one in that role).
    func insertCertificateAuthority(_ record: CertificateAuthorityRecord) async throws
    /// The tenant's stored CAs (root and intermediate), if any.
    func certificateAuthorities(tenant: String) async throws -> [CertificateAuthorityRecord]
    /// Replaces the tenant's CA in `record.role` with `record`, only while the stored one is of generation
    /// `generation` (`record.generation` must be the next one). Returns whether it was replaced: `false` when
    /// another node renewed it first, or there is none.
    func replaceCertificateAuthority(_ record: CertificateAuthorityRecord, generation: Int64) async throws -> Bool
}

extension KeyStore {
    /// Every signing key of `tenant`, oldest first.
    public func signingKeys(tenant: String) async throws -> [SigningKeyRecord] {
        try await signingKeys(tenant: tenant, after: nil, limit: nil)
    }
}
