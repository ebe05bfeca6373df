public import LanyardAPI
public import LanyardModel

/// Lanyard's own administration: who am I, administrator tokens, admin policies.
extension LanyardClient {
    /// The caller as the server sees it.
    public func whoami() async throws -> WhoAmI {
        try await send(APIRoute.whoami.target())
    }

    /// Makes an administrator token in `tenant` (`nil`: a platform administrator token).
    public func createAdminToken(_ request: CreateAdminTokenRequest, tenant: String?) async throws -> CreatedAdminToken {
        try await send(tenant.map { APIRoute.adminTokenCreate.target($0) } ?? APIRoute.platformTokenCreate.target(), body: request)
    }

    /// One page of the administrator tokens of `tenant` (`nil`: the platform tokens), newest first; `cursor` is the
    /// `next` of the previous page.
    public func adminTokens(tenant: String?, limit: Int? = nil, cursor: String? = nil) async throws -> AdminTokenList {
        try await send(
            tenant.map { APIRoute.adminTokenList.target($0) } ?? APIRoute.platformTokenList.target(), query: pageQuery(limit: limit, cursor: cursor))
    }

    /// Revokes administrator token `id` of `tenant` (`nil`: a platform token).
    public func revokeAdminToken(_ id: String, tenant: String?) async throws {
        _ = try await sendText(tenant.map { APIRoute.adminTokenRevoke.target($0, id) } ?? APIRoute.platformTokenRevoke.target(id), text: nil)
    }

    /// The built-in roles and schema; with a tenant, also the tenant's own admin policies.
    public func adminPolicies(tenant: String?) async throws -> AdminPoliciesView {
        try await send(tenant.map { APIRoute.adminPolicyRead.target($0) } ?? APIRoute.adminPoliciesShow.target())
    }

    /// Replaces the tenant's own admin policies.
    public func pushAdminPolicies(_ request: PushAdminPoliciesRequest, tenant: String) async throws -> AdminPolicyVersion {
        try await send(APIRoute.adminPolicyPush.target(tenant), body: request)
    }

}
