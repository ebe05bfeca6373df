public import LanyardAudit
import LanyardCore
import LanyardModel
import Logging

/// Offline verification of the audit logs in a database (`lanyard audit verify --data-dir|--database-url`): opens
/// it read-only, feeds each tenant's stored leaves, checkpoints and counter to an ``AuditVerifier``, and closes it.
/// The checks themselves are LanyardAudit's; this only reads.
public enum AuditDatabaseVerification {
    /// Leaves read per query.
    static let page = 5000

    /// Verifies the log of `tenant` (every tenant when nil), in name order.
    ///
    /// - Parameters:
    ///   - witnessed: signed checkpoint notes kept outside the database (any tenant's; each tenant's are picked out).
    ///   - pinnedKey: the Ed25519 log key to check signatures with; nil to use each tenant's key from the database.
    /// - Returns: each tenant with the verifier's outcome.
    /// - Throws: `not_found` when no tenant matches; storage errors when the database cannot be read.
    public static func verify(
        _ location: DatabaseLocation, tenant: String?, witnessed: [String], pinnedKey: [UInt8]?
    ) async throws -> [(tenant: String, outcome: Result<AuditVerifier.Summary, AuditVerifier.Failure>)] {
        var logger = Logger(label: "lanyard.verify")
        logger.logLevel = .error
        let store = try await SQLStore.openReadOnly(location, logger: logger)
        do {
            let results = try await verify(store, tenant: tenant, witnessed: witnessed, pinnedKey: pinnedKey)
            await store.close()
            return results
        } catch {
            await store.close()
            throw error
        }
    }

    /// ``verify(_:tenant:witnessed:pinnedKey:)`` on an open store, reading `pageSize` leaves per query.
    static func verify(
        _ store: SQLStore, tenant: String?, witnessed: [String], pinnedKey: [UInt8]?, pageSize: Int = page
    ) async throws -> [(tenant: String, outcome: Result<AuditVerifier.Summary, AuditVerifier.Failure>)] {
        let tenants = try await store.read { try await $0.tenants() }.map(\.name).filter { tenant == nil || $0 == tenant }
        guard !tenants.isEmpty else { throw LanyardError(.notFound, "There is no tenant \(tenant.map { "named '\($0)' " } ?? "")in this database.") }
        var results: [(tenant: String, outcome: Result<AuditVerifier.Summary, AuditVerifier.Failure>)] = []
        for name in tenants {
            let (head, key, stored) = try await store.read { session in
                (try await session.auditHead(tenant: name), try await session.auditKey(tenant: name), try await session.auditCheckpoints(tenant: name))
            }
            var verifier = AuditVerifier(
                tenant: name, notes: stored.map(\.note) + AuditVerifier.notes(of: name, in: witnessed), publicKey: pinnedKey ?? key?.publicKey,
                prunedThrough: head?.prunedThrough ?? 0)
            try await feed(&verifier, tenant: name, from: store, pageSize: pageSize)
            // A running server may have appended since the counter was read: it is read again for the upper bound.
            let after = try await store.read { try await $0.auditHead(tenant: name) }
            results.append((name, verifier.finish(counter: (head?.size ?? 0)...max(head?.size ?? 0, after?.size ?? 0))))
        }
        return results
    }

    /// Feeds every stored leaf of `tenant` to `verifier`, in `seq` order, until it reports a failure. The next page
    /// is read while the verifier checks the current one, so reading and checking share the machine's cores.
    private static func feed(_ verifier: inout AuditVerifier, tenant: String, from store: SQLStore, pageSize: Int) async throws {
        @Sendable func page(after sequence: Int64) async throws -> [AuditLeafRecord] {
            try await store.auditLeafPage(tenant: tenant, after: sequence, limit: pageSize)
        }
        var current = try await page(after: 0)
        while let last = current.last?.sequence {
            let more = current.count == pageSize
            async let next = more ? page(after: last) : []
            for leaf in current where verifier.add(leaf) != nil { return }
            current = try await next
        }
    }
}
