public import LanyardModel

/// Reading the audit trail of a tenant.
public struct AuditTrail: Sendable {
    let store: any LanyardStore

    public init(store: any LanyardStore) { self.store = store }

    /// Events of `tenant` after sequence number `after`, oldest first, at most `limit` (1 ... 1000).
    public func events(tenant: String, after: Int64, limit: Int, by principal: Principal) async throws -> [AuditEvent] {
        try principal.requireAdministers(tenant: tenant)
        guard (1...1000).contains(limit) else { throw LanyardError.invalid("limit", "limit must be between 1 and 1000.") }
        guard after >= 0 else { throw LanyardError.invalid("after", "after must be zero or a sequence number.") }
        return try await store.read { session in try await session.auditEvents(tenant: tenant, after: after, limit: limit) }
    }
}
