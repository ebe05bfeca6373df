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
