public import Foundation
import LanyardAudit
public import LanyardCredentials
public import LanyardModel
import Synchronization
public import X509
import SwiftASN1

/// Every tenant's X.509-SVID certificate authorities, created on first use and cached in memory.
///
/// The leader renews each intermediate before it expires (``renewIfDue(tenant:store:audit:ring:now:)``); every
/// node re-reads a cached hierarchy when the stored intermediate is of a newer generation
/// (``refresh(tenant:store:ring:)``, called periodically by ``CredentialRefresh``).
///
/// A tenant's root and intermediate are created together in one transaction the first time an X.509-SVID or
/// the bundle is asked for (so tenants provisioned before this existed work too). Creation is race-safe: both
/// rows are keyed by (tenant, role), so when two servers race, one insert fails with `already_exists` and that
/// server reads the winner's hierarchy instead. The root's key is sealed under the KEK and used only here, to
/// sign the intermediate; it can be removed from the database afterwards (docs/operations.md).
public final class X509Authorities: Sendable {
    /// The part of a tenant's hierarchy needed to issue and publish.
    public struct Hierarchy: Sendable {
        public var root: Certificate
        public var intermediate: SPIFFECertificateAuthority
        /// The stored intermediate's generation (1, then one more per renewal).
        public var generation: Int64
    }

    let cache = Mutex([String: Hierarchy]())

    /// Where new CA keys and serial numbers come from.
    let random: any RandomSource

    public init(random: any RandomSource = SystemRandom()) {
        self.random = random
    }

    /// Forgets `tenant`'s cached hierarchy, so the next use reads the stored one (after a change to it).
    public func forget(tenant: String) {
        _ = cache.withLock { $0.removeValue(forKey: tenant) }
    }

    /// Forgets every cached hierarchy.
    public func forgetAll() {
        cache.withLock { $0.removeAll() }
    }

    /// The tenant's hierarchy, created on first use.
    ///
    /// - Throws: `not_found` for an unknown tenant; storage errors.
    public func hierarchy(tenant: String, store: any LanyardStore, audit: any AuditLog, ring: KeyRing, now: Date) async throws -> Hierarchy {
        if let cached = cache.withLock({ $0[tenant] }), cached.intermediate.certificate.notValidAfter > now {
            return cached
        }
        let hierarchy: Hierarchy
        if let stored = try await load(tenant: tenant, store: store, ring: ring) {
            hierarchy = stored
        } else {
            do {
                hierarchy = try await create(tenant: tenant, store: store, audit: audit, ring: ring, now: now)
            } catch let error as LanyardError where error.code == .alreadyExists {
                guard let stored = try await load(tenant: tenant, store: store, ring: ring) else { throw error }
                hierarchy = stored
            }
        }
        remember(hierarchy, tenant: tenant)
        return hierarchy
    }

    /// Caches `hierarchy` unless a newer generation is cached already (a slow read never replaces a renewal).
    func remember(_ hierarchy: Hierarchy, tenant: String) {
        cache.withLock { cache in
            if let cached = cache[tenant], cached.generation > hierarchy.generation { return }
            cache[tenant] = hierarchy
        }
    }

    func load(tenant: String, store: any LanyardStore, ring: KeyRing) async throws -> Hierarchy? {
        let records = try await store.read { try await $0.certificateAuthorities(tenant: tenant) }
        return try hierarchy(of: records, tenant: tenant, ring: ring)
    }

    /// The hierarchy in `records`, or `nil` when they lack the root or the intermediate.
    func hierarchy(of records: [CertificateAuthorityRecord], tenant: String, ring: KeyRing) throws -> Hierarchy? {
        guard let rootRecord = records.first(where: { $0.role == .root }),
            let intermediateRecord = records.first(where: { $0.role == .intermediate })
        else { return nil }
        let root: Certificate
        do {
            root = try Certificate(derEncoded: rootRecord.certificateDER)
        } catch {
            throw LanyardError(.internal, "The stored SPIFFE root CA of tenant \(tenant) does not parse.")
        }
        return Hierarchy(root: root, intermediate: try ring.openAuthority(intermediateRecord), generation: intermediateRecord.generation)
    }

    private func create(tenant: String, store: any LanyardStore, audit: any AuditLog, ring: KeyRing, now: Date) async throws -> Hierarchy {
        guard let found = try await store.read({ try await $0.tenant(named: tenant) }) else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
        let root = try SPIFFECertificateAuthority.makeRoot(trustDomain: found.trustDomain, tenant: tenant, now: now, random: random)
        let intermediate = try root.makeIntermediate(trustDomain: found.trustDomain, tenant: tenant, now: now, random: random)
        let records = [
            CertificateAuthorityRecord(
                tenant: tenant, role: .root, certificateDER: root.certificateDER,
                sealedPrivateKey: try ring.sealAuthorityKey(root, tenant: tenant, role: .root), createdAt: now,
                notAfter: root.certificate.notValidAfter),
            CertificateAuthorityRecord(
                tenant: tenant, role: .intermediate, certificateDER: intermediate.certificateDER,
                sealedPrivateKey: try ring.sealAuthorityKey(intermediate, tenant: tenant, role: .intermediate), createdAt: now,
                notAfter: intermediate.certificate.notValidAfter),
        ]
        try await store.write { session in
            for record in records { try await session.insertCertificateAuthority(record) }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: "system", action: .spiffeCACreate, target: "tenant:\(tenant)",
                    details: [
                        "trust_domain": found.trustDomain,
                        "root_serial": root.certificate.serialNumber.description,
                        "intermediate_serial": intermediate.certificate.serialNumber.description,
                    ]),
                in: session)
        }
        return Hierarchy(root: root.certificate, intermediate: intermediate, generation: 1)
    }
}
