import LanyardAPI
public import LanyardModel

/// Reading a tenant's findings. Findings are raised and resolved by the changes that reveal and end them (the
/// leaver cascade raises `orphaned-identity`; a transfer resolves it), never through this service.
public struct Findings: Sendable {
    let store: any LanyardStore

    public init(store: any LanyardStore) {
        self.store = store
    }

    /// Findings per page when the request names no `limit`.
    public static let defaultPageSize = 100

    /// One page of the findings of `tenant` matching `filter`, newest first.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list;
    ///   `not_found` when there is no such tenant; `forbidden`.
    public func page(tenant: String, filter: FindingFilter, page: PageRequest, by principal: Principal) async throws -> Page<Finding> {
        try AdminRoles.require(.findingList, principal, tenant: tenant)
        return try await Page.read(page, list: "findings", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (createdAt: $0.time, id: $0.id) }
            return try await store.read { session in
                guard try await session.tenant(named: tenant) != nil else {
                    throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
                }
                return try await session.findings(tenant: tenant, filter: filter, after: position, limit: limit)
            }
        } key: {
            [String(AuditEvent.seconds(of: $0.createdAt)), $0.id]
        }
    }
}
