public import LanyardAPI

/// SCIM provisioning tokens of a tenant (the SCIM endpoints themselves are for identity providers, not this client).
extension LanyardClient {
    /// Makes a provisioning token; the answer is the only time the token is shown.
    public func createSCIMToken(_ request: CreateSCIMTokenRequest, tenant: String) async throws -> CreatedSCIMToken {
        try await send(APIRoute.scimTokenCreate.target(tenant), body: request)
    }

    /// The tenant's provisioning tokens, newest first, revoked ones included.
    public func scimTokens(tenant: String) async throws -> SCIMTokenList {
        try await send(APIRoute.scimTokenList.target(tenant))
    }

    /// Revokes provisioning token `id`.
    public func revokeSCIMToken(_ id: String, tenant: String) async throws {
        _ = try await sendText(APIRoute.scimTokenRevoke.target(tenant, id), text: nil)
    }
}

/// The directory of people and groups the tenant's identity provider provisions, read-only.
extension LanyardClient {
    /// One page of the tenant's people by userName; only the active (or inactive) ones when `active` is given.
    public func users(tenant: String, active: Bool? = nil, limit: Int? = nil, cursor: String? = nil) async throws -> DirectoryUserList {
        var query = pageQuery(limit: limit, cursor: cursor)
        if let active { query.append(("active", active ? "true" : "false")) }
        return try await send(APIRoute.userList.target(tenant), query: query)
    }

    /// One person by userName (any letter case) or id (`usr_…`), with their groups and the identities they own.
    public func user(_ reference: String, tenant: String) async throws -> DirectoryUserView {
        try await send(APIRoute.userRead.target(tenant, reference))
    }

    /// One page of the tenant's groups by displayName.
    public func groups(tenant: String, limit: Int? = nil, cursor: String? = nil) async throws -> DirectoryGroupList {
        try await send(APIRoute.groupList.target(tenant), query: pageQuery(limit: limit, cursor: cursor))
    }

    /// One group by displayName (any letter case) or id (`grp_…`), with its members' userNames.
    public func group(_ reference: String, tenant: String) async throws -> DirectoryGroupView {
        try await send(APIRoute.groupRead.target(tenant, reference))
    }
}
