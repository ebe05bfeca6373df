import LanyardAPI
public import LanyardModel

/// Reading the audit trail of a tenant.
public struct AuditTrail: Sendable {
    let store: any LanyardStore

    public init(store: any LanyardStore) { self.store = store }

    /// Events of `tenant` after sequence number `after`, oldest first, at most `limit` (1 ... 1000).
    public func events(tenant: String, after: Int64, limit: Int, by principal: Principal) async throws -> [AuditEvent] {
        try await search(tenant: tenant, query: AuditQuery(after: after, limit: limit), by: principal)
    }

    /// The list name cursors of audit event pages carry.
    static let cursorList = "audit-events"

    /// One page of the events of `tenant` matching every condition of `query`, oldest first (by sequence number,
    /// unique and only growing, so pages never skip or repeat an event). `cursor`, when given, continues after the
    /// event it names (and after `query.after`, whichever is later); `query.limit` is the page size.
    /// - Throws: `invalid_field` for a bad `limit`, `after` or time range; `invalid_cursor` for a cursor of another list.
    public func search(tenant: String, query: AuditQuery, cursor: String?, by principal: Principal) async throws -> Page<AuditEvent> {
        try AdminRoles.require(.auditSearch, principal, tenant: tenant)
        let limit = query.limit
        try PageRequest(limit: limit).requireLimit(maximum: 1000)
        var query = query
        if let cursor { query.after = max(query.after, try PageCursor.decodeNumber(cursor, list: Self.cursorList)) }
        query.limit = limit + 1
        let fetched = try await search(tenant: tenant, query: query, maximum: 1001, by: principal)
        return Page(fetched: fetched, limit: limit, list: Self.cursorList) { [String($0.sequence)] }
    }

    /// Events of `tenant` matching every condition of `query`, oldest first.
    public func search(tenant: String, query: AuditQuery, by principal: Principal) async throws -> [AuditEvent] {
        try await search(tenant: tenant, query: query, maximum: 1000, by: principal)
    }

    private func search(tenant: String, query: AuditQuery, maximum: Int, by principal: Principal) async throws -> [AuditEvent] {
        try AdminRoles.require(.auditSearch, principal, tenant: tenant)
        guard (1...maximum).contains(query.limit) else { throw LanyardError.invalid("limit", "limit must be between 1 and 1000.") }
        guard query.after >= 0 else { throw LanyardError.invalid("after", "after must be zero or a sequence number.") }
        if let since = query.since, let until = query.until, since >= until {
            throw LanyardError.invalid("until", "until must be later than since.")
        }
        return try await store.read { session in try await session.searchAuditEvents(tenant: tenant, query: query) }
    }
}
