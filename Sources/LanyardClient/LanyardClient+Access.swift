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

extension LanyardClient {
    // MARK: Access requests

    /// Asks for access (as a person with an administrator token, or as a workload with its own access token).
    public func createAccessRequest(_ request: CreateAccessRequestRequest, tenant: String) async throws -> AccessRequest {
        try await send(APIRoute.accessRequestCreate.target(tenant), body: request)
    }

    /// One access request.
    public func accessRequest(_ id: String, tenant: String) async throws -> AccessRequest {
        try await send(APIRoute.accessRequestRead.target(tenant, id))
    }

    /// One page of access requests, newest first.
    public func accessRequests(
        tenant: String, status: String? = nil, identity: String? = nil, limit: Int? = nil, cursor: String? = nil
    ) async throws -> AccessRequestList {
        var query: [(String, String)] = []
        if let status { query.append(("status", status)) }
        if let identity { query.append(("identity", identity)) }
        return try await send(APIRoute.accessRequestList.target(tenant), query: query + pageQuery(limit: limit, cursor: cursor))
    }

    /// Approves, denies or cancels an access request (`route`: ``APIRoute/accessRequestApprove``, `…Deny`, `…Cancel`).
    public func decideAccessRequest(_ id: String, route: APIRoute, reason: String, tenant: String) async throws -> AccessRequest {
        try await send(route.target(tenant, id), body: AccessRequestDecisionRequest(reason: reason))
    }
}

extension LanyardClient {
    /// The tenant's access policy (approvals and caps per tier, auto-approval policies) and its schema.
    public func accessPolicy(tenant: String) async throws -> AccessPolicyView {
        try await send(APIRoute.accessPolicyRead.target(tenant))
    }

    /// Replaces the tenant's access policy.
    public func putAccessPolicy(_ request: PutAccessPolicyRequest, tenant: String) async throws -> AccessPolicyView {
        try await send(APIRoute.accessPolicySet.target(tenant), body: request)
    }

    /// How requests and grants made in `since ..< until` went (RFC 3339 instants; default the last 30 days).
    public func accessReport(tenant: String, since: String? = nil, until: String? = nil) async throws -> AccessReport {
        var query: [(String, String)] = []
        if let since { query.append(("since", since)) }
        if let until { query.append(("until", until)) }
        return try await send(APIRoute.accessReport.target(tenant), query: query)
    }
}
