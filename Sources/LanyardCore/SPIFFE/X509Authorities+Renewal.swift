public import Foundation
import LanyardAudit
public import LanyardCredentials
import LanyardModel
import SwiftASN1
import Synchronization
import X509

extension X509Authorities {
    /// Who renewals are recorded as in the audit trail.
    public static let renewalActor = "system:renewal"

    /// Renews the tenant's intermediate CA when less than a third of its lifetime is left: a new key and
    /// certificate, signed by the tenant's root, replace the stored intermediate (generation + 1) and are audited
    /// as `spiffe.ca.renew`. SVIDs issued by the old intermediate stay valid: they chain to the same root.
    ///
    /// Race-safe: the replacement is a compare-and-set on the generation read, so when several nodes renew at
    /// once exactly one lands (one event) and the others take the winner's intermediate.
    ///
    /// - Returns: whether this call renewed it (`false` when not due, not created yet, or another node won).
    /// - Throws: `invalid_state` when the root's key is kept offline or the root expires too soon to outlive the
    ///   current intermediate; storage errors.
    @discardableResult
    public func renewIfDue(tenant: String, store: any LanyardStore, audit: any AuditLog, ring: KeyRing, now: Date) async throws -> Bool {
        let records = try await store.read { try await $0.certificateAuthorities(tenant: tenant) }
        guard let rootRecord = records.first(where: { $0.role == .root }),
            let current = records.first(where: { $0.role == .intermediate })
        else { return false }  // created on first use, not before
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: current.certificateDER)
        } catch {
            throw LanyardError(.internal, "The stored SPIFFE intermediate CA of tenant \(tenant) does not parse.")
        }
        guard Self.isDue(certificate, now: now) else {
            // Another node may have renewed it just now: sign with what is stored.
            try adopt(records, tenant: tenant, ring: ring)
            return false
        }
        let root = try ring.openAuthority(rootRecord)
        guard let found = try await store.read({ try await $0.tenant(named: tenant) }) else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
        let renewed = try root.makeIntermediate(trustDomain: found.trustDomain, tenant: tenant, now: now, random: random)
        guard renewed.certificate.notValidAfter > certificate.notValidAfter else {
            throw LanyardError(
                .invalidState,
                "The SPIFFE root CA of tenant \(tenant) expires at \(root.certificate.notValidAfter), so no intermediate can outlive the current one; replace the root."
            )
        }
        let record = CertificateAuthorityRecord(
            tenant: tenant, role: .intermediate, certificateDER: renewed.certificateDER,
            sealedPrivateKey: try ring.sealAuthorityKey(renewed, tenant: tenant, role: .intermediate), createdAt: now,
            notAfter: renewed.certificate.notValidAfter, generation: current.generation + 1)
        let replaced = try await store.write { session in
            guard try await session.replaceCertificateAuthority(record, generation: current.generation) else { return false }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: Self.renewalActor, action: .spiffeCARenew, target: "tenant:\(tenant)",
                    details: [
                        "generation": String(record.generation),
                        "previous_serial": certificate.serialNumber.description,
                        "intermediate_serial": renewed.certificate.serialNumber.description,
                        "not_after": String(AuditEvent.seconds(of: renewed.certificate.notValidAfter)),
                    ]),
                in: session)
            return true
        }
        if replaced {
            remember(Hierarchy(root: root.certificate, intermediate: renewed, generation: record.generation), tenant: tenant)
        } else {
            try await refresh(tenant: tenant, store: store, ring: ring)
        }
        return replaced
    }

    /// Whether `intermediate` has less than a third of its lifetime left at `now`.
    static func isDue(_ intermediate: Certificate, now: Date) -> Bool {
        let lifetime = intermediate.notValidAfter.timeIntervalSince(intermediate.notValidBefore)
        return intermediate.notValidAfter.timeIntervalSince(now) < lifetime / 3
    }

    /// Re-reads the tenant's hierarchy when this node has it cached and the stored intermediate is of another
    /// generation (renewed by another node). A tenant not cached here is left alone: it is read on first use.
    public func refresh(tenant: String, store: any LanyardStore, ring: KeyRing) async throws {
        guard cache.withLock({ $0[tenant] }) != nil else { return }
        try adopt(try await store.read { try await $0.certificateAuthorities(tenant: tenant) }, tenant: tenant, ring: ring)
    }

    /// Caches the hierarchy in `records` when this node has the tenant cached at another generation.
    private func adopt(_ records: [CertificateAuthorityRecord], tenant: String, ring: KeyRing) throws {
        guard let cached = cache.withLock({ $0[tenant] }),
            let stored = records.first(where: { $0.role == .intermediate }), stored.generation != cached.generation,
            let hierarchy = try hierarchy(of: records, tenant: tenant, ring: ring)
        else { return }
        remember(hierarchy, tenant: tenant)
    }
}
