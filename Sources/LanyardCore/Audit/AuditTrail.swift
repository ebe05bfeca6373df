public import LanyardModel

/// Reading the audit trail of a tenant.
public struct AuditTrail: Sendable {
    let store: any LanyardStore

    public init(store: any LanyardStore) { self.store = store }

    /// Events of `tenant` after sequence number `after`, oldest first, at most `limit` (1 ... 1000).
    public func events(tenant: String, after: Int64, limit: Int, by principal: Principal) async throws -> [AuditEvent] {
        try await search(tenant: tenant, query: AuditQuery(after: after, limit: limit), by: principal)
    }

    /// Events of `tenant` matching every condition of `query`, oldest first.
    public func search(tenant: String, query: AuditQuery, by principal: Principal) async throws -> [AuditEvent] {
        try AdminRoles.require(.auditSearch, principal, tenant: tenant)
        guard (1...1000).contains(query.limit) else { throw LanyardError.invalid("limit", "limit must be between 1 and 1000.") }
        guard query.after >= 0 else { throw LanyardError.invalid("after", "after must be zero or a sequence number.") }
        if let since = query.since, let until = query.until, since >= until {
            throw LanyardError.invalid("until", "until must be later than since.")
        }
        return try await store.read { session in try await session.searchAuditEvents(tenant: tenant, query: query) }
    }
}
