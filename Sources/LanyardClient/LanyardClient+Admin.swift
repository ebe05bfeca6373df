public import LanyardAPI
public import LanyardModel

/// Lanyard's own administration: who am I, administrator tokens, admin policies.
extension LanyardClient {
    /// The caller as the server sees it.
    public func whoami() async throws -> WhoAmI {
        try await send(.GET, "/v1/whoami")
    }

    /// Makes an administrator token in `tenant` (`nil`: a platform administrator token).
    public func createAdminToken(_ request: CreateAdminTokenRequest, tenant: String?) async throws -> CreatedAdminToken {
        try await send(.POST, tokensPath(tenant), body: request)
    }

    /// The administrator tokens of `tenant` (`nil`: the platform tokens).
    public func adminTokens(tenant: String?) async throws -> [AdminTokenView] {
        let list: AdminTokenList = try await send(.GET, tokensPath(tenant))
        return list.tokens
    }

    /// Revokes administrator token `id` of `tenant` (`nil`: a platform token).
    public func revokeAdminToken(_ id: String, tenant: String?) async throws {
        _ = try await sendText(.DELETE, tokensPath(tenant) + "/" + escape(id), text: nil)
    }

    /// The built-in roles and schema; with a tenant, also the tenant's own admin policies.
    public func adminPolicies(tenant: String?) async throws -> AdminPoliciesView {
        try await send(.GET, tenant.map { "/t/\(escape($0))/v1/admin/policies" } ?? "/v1/admin/policies")
    }

    /// Replaces the tenant's own admin policies.
    public func pushAdminPolicies(_ request: PushAdminPoliciesRequest, tenant: String) async throws -> AdminPolicyVersion {
        try await send(.PUT, "/t/\(escape(tenant))/v1/admin/policies", body: request)
    }

    private func tokensPath(_ tenant: String?) -> String {
        tenant.map { "/t/\(escape($0))/v1/admin/tokens" } ?? "/v1/admin/tokens"
    }
}
