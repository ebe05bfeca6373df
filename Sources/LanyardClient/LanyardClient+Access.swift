public import LanyardAPI
public import LanyardModel

extension LanyardClient {
    // MARK: Entitlements

    /// Grants an entitlement.
    public func grant(_ request: GrantEntitlementRequest, tenant: String) async throws -> Entitlement {
        try await send(APIRoute.entitlementGrant.target(tenant), body: request)
    }

    /// Revokes an entitlement before its end.
    public func revokeEntitlement(_ id: String, reason: String, tenant: String) async throws -> Entitlement {
        try await send(APIRoute.entitlementRevoke.target(tenant, id), body: RevokeEntitlementRequest(reason: reason))
    }

    /// One entitlement.
    public func entitlement(_ id: String, tenant: String) async throws -> Entitlement {
        try await send(APIRoute.entitlementRead.target(tenant, id))
    }

    /// One page of entitlements, newest first.
    public func entitlements(
        tenant: String, status: String? = nil, principal: String? = nil, task: String? = nil, request: String? = nil, limit: Int? = nil,
        cursor: String? = nil
    ) async throws -> EntitlementList {
        var query: [(String, String)] = []
        if let status { query.append(("status", status)) }
        if let principal { query.append(("principal", principal)) }
        if let task { query.append(("task", task)) }
        if let request { query.append(("request", request)) }
        return try await send(APIRoute.entitlementList.target(tenant), query: query + pageQuery(limit: limit, cursor: cursor))
    }
}
